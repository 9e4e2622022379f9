// The engine's public API: exercises, quizzes and the grader import only from here.
export { MulLayer } from "./layers/mul-layer";
export { AddLayer } from "./layers/add-layer";
export { Relu } from "./layers/relu";
export { Sigmoid, sigmoid } from "./layers/sigmoid";
export { Affine } from "./layers/affine";
export { SoftmaxWithLoss, softmax, crossEntropyError, LOG_EPSILON } from "./layers/softmax-with-loss";
export { numericalGradient, NUMERICAL_H } from "./numerical-gradient";
export { gradientCheck, type Tensor } from "./gradient-check";
export { tensorShape, flatNumbers, allClose, uniformRatio, isRatio } from "./tensor-checks";
export { Value } from "./value";
export { Graph, type GraphOp, type GraphNodeSpec, type GraphSpec } from "./graph";
export { appleGraph, appleOrangeGraph, chainRuleGraph, sigmoidGraph, branchGraph } from "./graph-examples";
export { spiralData } from "./datasets";
export { createRng, type Rng } from "./rng";
export {
  roundTo,
  uniformAwayFromZero,
  randomMatrix,
  randomVector,
  distinctPair,
  distinctInts,
  nonSquareShape,
  randomTax,
  randomLabels,
} from "./variants";
export {
  type Matrix,
  assertFinite,
  assertVector,
  assertMatrix,
  assertSameShape,
  shapeOf,
  zeros,
  mapMatrix,
  cloneMatrix,
  transpose,
  matmul,
  sumOverBatch,
  oneHot,
} from "./matrix";
export { TwoLayerNet, type TwoLayerNetParams } from "./two-layer-net";
