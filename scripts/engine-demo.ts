// The book's buy_apple.py, computed by the engine: prints the price, then dapple, dapple_num, dtax.
import { MulLayer } from "@/lib/engine";

const apple = 100;
const appleNum = 2;
const tax = 1.1;

const mulAppleLayer = new MulLayer();
const mulTaxLayer = new MulLayer();

// forward
const applePrice = mulAppleLayer.forward(apple, appleNum);
const price = mulTaxLayer.forward(applePrice, tax);

// backward, in the reverse order of forward
const dprice = 1;
const [dapplePrice, dtax] = mulTaxLayer.backward(dprice);
const [dapple, dappleNum] = mulAppleLayer.backward(dapplePrice);

console.log(price);
console.log(dapple, dappleNum, dtax);
