import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../config/config-error';
import { describeJsonParseError } from '../json-parse-error';
import { MemoryKeyring, newKeyringState, type KeyringState } from './memory-keyring';

/**
 * The default durable keyring: one JSON file, mode 0600, written atomically (temp file + rename)
 * on every change. Keys come from crypto.randomBytes. A file readable by group or others is
 * refused, as ssh refuses a loose private key. Rotation keeps old HMAC keys; destroying a
 * subject's data keys removes them from the file (erasure).
 */
export class FileKeyring extends MemoryKeyring {
  readonly file: string;

  private constructor(file: string, state: KeyringState) {
    super(state);
    this.file = file;
  }

  /** Opens the keyring file, creating it (and a first key) when `create` is true and it does not exist. */
  static open(file: string, options: { create?: boolean } = {}): FileKeyring {
    const abs = path.resolve(file);
    if (!fs.existsSync(abs)) {
      if (!options.create) throw new ConfigError('keyring', `file ${abs} does not exist`);
      const ring = new FileKeyring(abs, newKeyringState());
      ring.changed();
      return ring;
    }
    const st = fs.statSync(abs);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new ConfigError('keyring', `file ${abs} has mode ${(st.mode & 0o777).toString(8)}; it must not be readable by group or others (chmod 600)`);
    }
    let state: KeyringState;
    const text = fs.readFileSync(abs, 'utf8');
    try {
      state = JSON.parse(text) as KeyringState;
    } catch (err) {
      // Never JSON.parse's own message: it quotes the file, i.e. key material.
      throw new ConfigError('keyring', `file ${abs} is ${describeJsonParseError(err, text)}`);
    }
    if (!state || state.version !== 1 || typeof state.hmacKeys !== 'object' || !state.hmacKeys[state.current]) {
      throw new ConfigError('keyring', `file ${abs} is not a grpc-audit keyring (version 1 with a current key)`);
    }
    state.dataKeys ??= {};
    state.subjects ??= {};
    return new FileKeyring(abs, state);
  }

  protected override changed(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
