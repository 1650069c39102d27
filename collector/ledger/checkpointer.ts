import { marshalCheckpoint, type Checkpoint } from './checkpoint';
import { signNote } from './signed-note';
import type { NoteSigner } from './signing-key';

/** A checkpoint with its signed-note text (what is stored and published). */
export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  note: string;
}

/** Signs checkpoints of one log: origin and key fixed, clock injected. */
export class Checkpointer {
  constructor(
    private readonly signer: NoteSigner,
    private readonly now: () => number = Date.now,
  ) {}

  get origin(): string {
    return this.signer.name;
  }

  sign(treeSize: number, rootHash: Buffer): SignedCheckpoint {
    const checkpoint: Checkpoint = { origin: this.signer.name, treeSize, rootHash, timestampMs: this.now() };
    return { checkpoint, note: signNote(marshalCheckpoint(checkpoint), this.signer) };
  }
}
