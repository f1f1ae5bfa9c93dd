/**
 * The one way to say no: a refusal carries the one Chinese line the sender gets back. Commands, listeners
 * and domain services throw it; the message handler turns it into the reply, in one place.
 */
export class Refusal extends Error {
  constructor(readonly line: string) {
    super(line)
    this.name = 'Refusal'
  }
}

/** Throws a refusal with this line. */
export function refuse(line: string): never {
  throw new Refusal(line)
}
