import type { Locale } from "@/lib/i18n/locales";

// The course's vocabulary in both languages (issue 18), as the Korean edition of 밑바닥부터 시작하는
// 딥러닝 and the seed's study note say it: the page /glossary lists it, prompts link to a term as
// /glossary#<id>, and translators use exactly these words (docs: /work/notes/i18n-spec.md).
// Symbols are TeX (rendered with KaTeX); code identifiers stay English in both languages.

export interface GlossaryTerm {
  /** Anchor on the page: /glossary#chain-rule. */
  id: string;
  ko: string;
  en: string;
  /** TeX, or a code identifier in backticks; null when the term has no symbol of its own. */
  symbol: string | null;
  /** One line on what it means, in each language. */
  note: Record<Locale, string>;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { id: "backpropagation", ko: "오차역전파법", en: "backpropagation", symbol: null, note: { en: "Computing every gradient of a network by passing gradients backward through its computational graph.", ko: "계산 그래프를 거꾸로 따라 기울기를 전달하여 신경망의 모든 기울기를 구하는 방법입니다." } },
  { id: "computational-graph", ko: "계산 그래프", en: "computational graph", symbol: null, note: { en: "A calculation drawn as nodes (operations) joined by edges (values).", ko: "계산 과정을 노드(연산)와 에지(값)로 나타낸 그래프입니다." } },
  { id: "local-computation", ko: "국소적 계산", en: "local computation", symbol: null, note: { en: "Each node computes only from its own inputs, whatever the rest of the graph does.", ko: "각 노드는 그래프의 나머지와 상관없이 자신의 입력만으로 계산합니다." } },
  { id: "local-derivative", ko: "국소적 미분", en: "local derivative", symbol: "\\frac{\\partial z}{\\partial x}", note: { en: "The derivative of one node's output with respect to one of its inputs.", ko: "한 노드의 출력을 그 노드의 입력 하나로 미분한 값입니다." } },
  { id: "chain-rule", ko: "연쇄법칙", en: "chain rule", symbol: "\\frac{\\partial z}{\\partial x} = \\frac{\\partial z}{\\partial t}\\frac{\\partial t}{\\partial x}", note: { en: "The derivative of a composite function is the product of the derivatives of its parts: outer derivative, then inner.", ko: "합성 함수의 미분은 각 함수의 미분의 곱입니다. 겉미분 후 속미분." } },
  { id: "forward-propagation", ko: "순전파", en: "forward propagation (forward pass)", symbol: "`forward`", note: { en: "Computing the graph's values from left to right.", ko: "계산 그래프의 값을 왼쪽에서 오른쪽으로 계산합니다." } },
  { id: "backward-propagation", ko: "역전파", en: "backward propagation (backward pass)", symbol: "`backward`, `dout`", note: { en: "Passing gradients from right to left, each node multiplying the upstream gradient (dout) by its local derivatives.", ko: "기울기를 오른쪽에서 왼쪽으로 전달합니다. 각 노드는 상류에서 온 기울기(dout)에 국소적 미분을 곱합니다." } },
  { id: "mul-node", ko: "곱셈 노드", en: "multiplication node", symbol: "z = x \\cdot y", note: { en: "Sends back dout times the other input: swap and multiply.", ko: "dout에 반대편 입력을 곱하여 보냅니다. 곱셈은 엇갈려 곱하고 덧셈은 그냥 흘려보낸다." } },
  { id: "add-node", ko: "덧셈 노드", en: "addition node", symbol: "z = x + y", note: { en: "Passes dout through unchanged to every input.", ko: "dout을 그대로 모든 입력으로 흘려보냅니다." } },
  { id: "mul-layer", ko: "곱셈 계층", en: "multiplication layer", symbol: "`MulLayer`", note: { en: "A multiplication node as a class with forward and backward.", ko: "forward와 backward를 가진 클래스로 구현한 곱셈 노드입니다." } },
  { id: "add-layer", ko: "덧셈 계층", en: "addition layer", symbol: "`AddLayer`", note: { en: "An addition node as a class with forward and backward.", ko: "forward와 backward를 가진 클래스로 구현한 덧셈 노드입니다." } },
  { id: "activation-layer", ko: "활성화 함수 계층", en: "activation function layer", symbol: "`Relu`, `Sigmoid`", note: { en: "An activation function (ReLU, sigmoid) as a layer with forward and backward.", ko: "활성화 함수(ReLU, 시그모이드)를 forward와 backward를 가진 계층으로 구현한 것입니다." } },
  { id: "partial-derivative", ko: "편미분", en: "partial derivative", symbol: "\\frac{\\partial f}{\\partial x}", note: { en: "The derivative with respect to one variable, the others held fixed.", ko: "다른 변수는 고정하고 한 변수에 대해서만 미분한 값입니다." } },
  { id: "numerical-differentiation", ko: "수치 미분", en: "numerical differentiation", symbol: "\\frac{f(x+h)-f(x-h)}{2h}", note: { en: "Approximating a derivative with small differences instead of formulas.", ko: "수식 대신 아주 작은 차분으로 미분을 근사합니다." } },
  { id: "central-difference", ko: "중심 차분", en: "central difference", symbol: "\\frac{f(x+h)-f(x-h)}{2h}", note: { en: "The difference taken on both sides of x; its error shrinks with h².", ko: "x의 양쪽에서 구한 차분입니다. 오차가 h²에 비례해 줄어듭니다." } },
  { id: "gradient-check", ko: "기울기 확인", en: "gradient check", symbol: "\\frac{|a-b|}{\\max(|a|,|b|)}", note: { en: "Comparing backpropagation's gradients with numerical ones by their relative error.", ko: "오차역전파법으로 구한 기울기를 수치 미분으로 구한 기울기와 상대 오차로 비교합니다." } },
  { id: "gradient", ko: "기울기", en: "gradient", symbol: "\\nabla f", note: { en: "The vector of all partial derivatives.", ko: "모든 편미분을 모은 벡터입니다." } },
  { id: "loss-function", ko: "손실 함수", en: "loss function", symbol: "L", note: { en: "A number that says how wrong the network's output is.", ko: "신경망의 출력이 얼마나 틀렸는지 나타내는 값입니다." } },
  { id: "cross-entropy-error", ko: "교차 엔트로피 오차", en: "cross-entropy error", symbol: "E = -\\sum_k t_k \\log y_k", note: { en: "The loss of a classifier: minus the log of the probability given to the right label.", ko: "분류기의 손실입니다. 정답 레이블에 준 확률의 로그에 마이너스를 붙인 값입니다." } },
  { id: "softmax", ko: "소프트맥스", en: "softmax", symbol: "y_k = \\frac{\\exp(a_k)}{\\sum_i \\exp(a_i)}", note: { en: "Turns scores into probabilities that sum to 1.", ko: "점수를 합이 1인 확률로 바꿉니다." } },
  { id: "sigmoid", ko: "시그모이드", en: "sigmoid", symbol: "\\sigma(x) = \\frac{1}{1+\\exp(-x)}", note: { en: "Its derivative is y(1 − y), from its own output.", ko: "미분은 자신의 출력으로 y(1 − y)입니다." } },
  { id: "relu", ko: "ReLU", en: "ReLU", symbol: "\\max(0, x)", note: { en: "Passes dout where the input was positive, 0 elsewhere.", ko: "입력이 양수였던 곳에서는 dout을 그대로, 나머지에서는 0을 보냅니다." } },
  { id: "affine-layer", ko: "어파인 계층", en: "Affine layer", symbol: "Y = X \\cdot W + B", note: { en: "A matrix product plus a bias; its backward uses transposes.", ko: "행렬 곱에 편향을 더하는 계층입니다. 역전파에는 전치 행렬을 씁니다." } },
  { id: "batch", ko: "배치", en: "batch", symbol: "N", note: { en: "Several inputs processed together, one per row.", ko: "여러 입력을 한 행에 하나씩 묶어 함께 처리합니다." } },
  { id: "mini-batch", ko: "미니배치", en: "mini-batch", symbol: null, note: { en: "A random part of the training data used for one learning step.", ko: "학습 한 번에 쓰는, 훈련 데이터에서 무작위로 고른 일부입니다." } },
  { id: "weight", ko: "가중치", en: "weight", symbol: "W", note: { en: "A parameter the network learns, multiplied with the inputs.", ko: "입력에 곱해지는, 신경망이 학습하는 매개변수입니다." } },
  { id: "bias", ko: "편향", en: "bias", symbol: "b", note: { en: "A parameter the network learns, added after the product.", ko: "곱한 뒤에 더해지는, 신경망이 학습하는 매개변수입니다." } },
  { id: "learning-rate", ko: "학습률", en: "learning rate", symbol: "\\eta", note: { en: "How far one step of gradient descent moves the parameters.", ko: "경사 하강법 한 번에 매개변수를 얼마나 움직일지 정합니다." } },
  { id: "neural-network", ko: "신경망", en: "neural network", symbol: null, note: { en: "Layers of affine transformations and activation functions.", ko: "어파인 변환과 활성화 함수를 쌓은 계층들입니다." } },
  { id: "label", ko: "정답 레이블", en: "label", symbol: "t", note: { en: "The right answer of a training example (one-hot or an index).", ko: "훈련 데이터의 정답입니다 (원-핫 또는 인덱스)." } },
];

/** The glossary sorted for a reader of `locale` (Korean by 가나다, English alphabetically). */
export function glossaryFor(locale: Locale): GlossaryTerm[] {
  return [...GLOSSARY].sort((a, b) => a[locale].localeCompare(b[locale], locale));
}
