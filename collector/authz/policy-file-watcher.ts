import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { ConfigError } from '../config/config-error';
import { parseIdentityPolicy, type IdentityPolicy } from './identity-policy';

export interface PolicyReloadEvents {
  onReload(policy: IdentityPolicy): void;
  /** A changed file that does not parse: the previous policy stays in force. */
  onReloadError(err: Error): void;
}

/**
 * Holds the identity policy read from a file and re-reads it every `intervalMs` (polling, which
 * also sees atomic renames and works on every filesystem). A change that fails to parse keeps the
 * previous policy — a typo must never open or close the door for everyone.
 */
export class PolicyFileWatcher {
  private policy: IdentityPolicy;
  private lastHash: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly intervalMs: number,
    private readonly events: PolicyReloadEvents,
  ) {
    const text = this.read(true);
    this.lastHash = hash(text);
    this.policy = parseIdentityPolicy(text, this.lastHash.slice(0, 12), `policy file ${file}`);
  }

  get current(): IdentityPolicy {
    return this.policy;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Re-reads now; returns true when a new policy took effect. */
  check(): boolean {
    let text: string;
    try {
      text = this.read(false);
    } catch (err) {
      this.events.onReloadError(err as Error);
      return false;
    }
    const h = hash(text);
    if (h === this.lastHash) return false;
    this.lastHash = h;
    try {
      this.policy = parseIdentityPolicy(text, h.slice(0, 12), `policy file ${this.file}`);
    } catch (err) {
      this.events.onReloadError(err as Error);
      return false;
    }
    this.events.onReload(this.policy);
    return true;
  }

  private read(initial: boolean): string {
    try {
      return fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      if (initial) throw new ConfigError('identity.policyFile', `cannot read ${this.file}: ${code}`);
      throw new Error(`cannot read policy file ${this.file}: ${code}`);
    }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
