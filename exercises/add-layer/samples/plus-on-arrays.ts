export class AddLayer {
  forward(x: any, y: any): any {
    return x + y;
  }

  backward(dout: any): [any, any] {
    return Array.isArray(dout) ? [dout.slice(), dout.slice()] : [dout, dout];
  }
}
