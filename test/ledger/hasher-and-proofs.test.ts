import { strict as assert } from 'node:assert';
import { CompactRange, type TreeNode } from '../../collector/ledger/compact-range';
import { EMPTY_ROOT, LEAF_HASH_PREFIX, NODE_HASH_PREFIX, hashChildren, hashLeaf, hashLeafText } from '../../collector/ledger/hasher';
import type { NodeSource } from '../../collector/ledger/node-source';
import { consistencyProof, inclusionProof } from '../../collector/ledger/proof';
import { ProofVerificationError } from '../../collector/ledger/proof-errors';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from '../../collector/ledger/proof-verify';
import { refConsistency, refPath, refRoot } from './reference-tree';

const hex = (b: Buffer): string => b.toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

// RFC 6962 reference data used across Certificate Transparency implementations: eight leaves
// and the published root for every tree size 0..8.
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Published inclusion proofs in the 8-leaf tree (0-based leaf index).
const CT_INCLUSION = [
  { index: 0, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
];

/** NodeSource over in-memory leaves, computing each subtree with the naive reference. */
class MemorySource implements NodeSource {
  reads = 0;
  constructor(private readonly leaves: Buffer[]) {}
  async nodeHash(level: number, index: number): Promise<Buffer> {
    this.reads++;
    const width = 2 ** level;
    assert.ok((index + 1) * width <= this.leaves.length, `node ${level}/${index} lies outside the tree`);
    return refRoot(this.leaves.slice(index * width, (index + 1) * width));
  }
}

function leavesOf(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`leaf-${i}`)));
}

function flip(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c[0] ^= 0x01;
  return c;
}

describe('ledger: RFC 6962 hashing', () => {
  it('uses the RFC domain-separation prefixes and empty root', () => {
    assert.equal(LEAF_HASH_PREFIX, 0x00);
    assert.equal(NODE_HASH_PREFIX, 0x01);
    assert.equal(hex(EMPTY_ROOT), CT_ROOTS[0]);
    assert.equal(hex(hashLeaf(Buffer.alloc(0))), CT_ROOTS[1]);
    assert.equal(hex(hashLeafText('abc')), hex(hashLeaf(Buffer.from('abc'))));
    assert.equal(hex(hashLeafText('é\u0000')), hex(hashLeaf(Buffer.from('é\u0000', 'utf8'))));
  });

  it('compact range and reference reproduce the published roots for sizes 0..8', () => {
    const leaves = CT_LEAVES.map((l) => hashLeaf(l));
    const range = CompactRange.empty();
    assert.equal(hex(range.root()), CT_ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      range.append(leaves[n - 1]);
      assert.equal(hex(range.root()), CT_ROOTS[n], `compact range, size ${n}`);
      assert.equal(hex(refRoot(leaves.slice(0, n))), CT_ROOTS[n], `reference, size ${n}`);
    }
  });

  it('generates and verifies the published inclusion proofs of the 8-leaf tree', async () => {
    const leaves = CT_LEAVES.map((l) => hashLeaf(l));
    const source = new MemorySource(leaves);
    for (const v of CT_INCLUSION) {
      const proof = await inclusionProof(source, v.index, 8);
      assert.deepEqual(proof.map(hex), v.proof);
      verifyInclusion(v.index, 8, leaves[v.index], proof, unhex(CT_ROOTS[8]));
    }
  });
});

describe('ledger: compact range', () => {
  it('matches the reference root at every size 0..300 and survives a byte round trip', () => {
    const leaves = leavesOf(300);
    const range = CompactRange.empty();
    for (let n = 0; n <= 300; n++) {
      if (n > 0) range.append(leaves[n - 1]);
      if (n <= 70 || n % 37 === 0 || n === 256 || n === 300) {
        assert.equal(hex(range.root()), hex(refRoot(leaves.slice(0, n))), `size ${n}`);
        const copy = CompactRange.fromBytes(range.size, range.toBytes());
        assert.equal(hex(copy.root()), hex(range.root()));
      }
    }
  });

  it('reports every completed interior node with the right position and hash', () => {
    const leaves = leavesOf(64);
    const range = CompactRange.empty();
    const nodes: TreeNode[] = [];
    for (const l of leaves) range.append(l, (n) => nodes.push(n));
    assert.equal(nodes.length, 63); // a perfect tree of 64 leaves has 63 interior nodes
    for (const n of nodes) {
      const w = 2 ** n.level;
      assert.equal(hex(n.hash), hex(refRoot(leaves.slice(n.index * w, (n.index + 1) * w))), `node ${n.level}/${n.index}`);
    }
  });

  it('rejects a frontier that does not fit the size', () => {
    assert.throws(() => CompactRange.fromBytes(3, Buffer.alloc(32)), /size 3 needs 2 hashes/);
    assert.throws(() => CompactRange.fromBytes(-1, Buffer.alloc(0)), RangeError);
  });

  it('clone is independent of the original', () => {
    const a = CompactRange.empty();
    a.append(hashLeaf(Buffer.from('a')));
    const b = a.clone();
    b.append(hashLeaf(Buffer.from('b')));
    assert.equal(a.size, 1);
    assert.equal(b.size, 2);
  });
});

describe('ledger: proofs against the naive reference, every size 1..64', () => {
  const leaves = leavesOf(64);
  const source = new MemorySource(leaves);

  it('inclusion proofs equal RFC 6962 PATH and verify for every leaf of every size', async () => {
    for (let n = 1; n <= 64; n++) {
      const root = refRoot(leaves.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(source, m, n);
        assert.deepEqual(proof.map(hex), refPath(m, leaves.slice(0, n)).map(hex), `PATH(${m}, ${n})`);
        verifyInclusion(m, n, leaves[m], proof, root);
        assert.equal(hex(rootFromInclusionProof(m, n, leaves[m], proof)), hex(root));
      }
    }
  });

  it('consistency proofs equal RFC 6962 PROOF and verify for every pair of sizes', async () => {
    for (let n = 1; n <= 64; n++) {
      const root2 = refRoot(leaves.slice(0, n));
      for (let m = 0; m <= n; m++) {
        const proof = await consistencyProof(source, m, n);
        assert.deepEqual(proof.map(hex), refConsistency(m, leaves.slice(0, n)).map(hex), `PROOF(${m}, ${n})`);
        verifyConsistency(m, n, refRoot(leaves.slice(0, m)), root2, proof);
      }
    }
  });

  it('inclusion verification fails with evidence for a wrong leaf, a damaged hash, a wrong root or a wrong length', async () => {
    for (const [m, n] of [[0, 1], [0, 2], [3, 7], [6, 7], [31, 64], [63, 64], [12, 13]]) {
      const root = refRoot(leaves.slice(0, n));
      const proof = await inclusionProof(source, m, n);
      const expectFailure = (fn: () => void, failure: string): void => {
        assert.throws(fn, (err: unknown) => err instanceof ProofVerificationError && err.failure === failure, `${m}/${n} ${failure}`);
      };
      expectFailure(() => verifyInclusion(m, n, flip(leaves[m]), proof, root), 'root-mismatch');
      expectFailure(() => verifyInclusion(m, n, leaves[m], proof, flip(root)), 'root-mismatch');
      if (proof.length > 0) {
        expectFailure(() => verifyInclusion(m, n, leaves[m], [flip(proof[0]), ...proof.slice(1)], root), 'root-mismatch');
        expectFailure(() => verifyInclusion(m, n, leaves[m], proof.slice(0, -1), root), 'bad-proof-length');
      }
      expectFailure(() => verifyInclusion(m, n, leaves[m], [...proof, leaves[0]], root), 'bad-proof-length');
      expectFailure(() => verifyInclusion(n, n, leaves[m], proof, root), 'bad-input');
      try {
        verifyInclusion(m, n, flip(leaves[m]), proof, root);
      } catch (err) {
        const e = err as ProofVerificationError;
        assert.equal(e.expectedRoot, hex(root));
        assert.match(e.computedRoot ?? '', /^[0-9a-f]{64}$/);
        assert.notEqual(e.computedRoot, e.expectedRoot);
      }
    }
  });

  it('consistency verification fails for a different history, a damaged proof and bad sizes', async () => {
    const other = leaves.slice();
    other[2] = hashLeaf(Buffer.from('rewritten'));
    for (const [m, n] of [[1, 2], [3, 7], [4, 8], [5, 64], [32, 33], [63, 64]]) {
      const r1 = refRoot(leaves.slice(0, m));
      const r2 = refRoot(leaves.slice(0, n));
      const proof = await consistencyProof(source, m, n);
      const failsWith = (fn: () => void, failure: string): void => {
        assert.throws(fn, (err: unknown) => err instanceof ProofVerificationError && err.failure === failure, `${m}→${n} ${failure}`);
      };
      // A first tree that is not a prefix of the second (leaf 2 rewritten, when it is inside it).
      if (m > 2) failsWith(() => verifyConsistency(m, n, refRoot(other.slice(0, m)), r2, proof), 'root-mismatch');
      failsWith(() => verifyConsistency(m, n, r1, flip(r2), proof), 'root-mismatch');
      failsWith(() => verifyConsistency(m, n, r1, r2, [flip(proof[0]), ...proof.slice(1)]), 'root-mismatch');
      failsWith(() => verifyConsistency(m, n, r1, r2, [...proof, r1]), 'bad-proof-length');
      failsWith(() => verifyConsistency(m, n, r1, r2, []), 'bad-proof-length');
      failsWith(() => verifyConsistency(n, m, r2, r1, proof), 'bad-input');
    }
    assert.throws(() => verifyConsistency(5, 5, leaves[0], leaves[1], []), /different roots/);
    verifyConsistency(0, 9, EMPTY_ROOT, refRoot(leaves.slice(0, 9)), []);
  });

  it('proof generation refuses positions outside the tree', async () => {
    await assert.rejects(inclusionProof(source, 5, 5), RangeError);
    await assert.rejects(consistencyProof(source, 6, 5), RangeError);
  });
});

describe('ledger: node hash helper sanity', () => {
  it('hashChildren is SHA-256 over 0x01‖l‖r', () => {
    const l = hashLeaf(Buffer.from('l'));
    const r = hashLeaf(Buffer.from('r'));
    const expected = require('node:crypto').createHash('sha256').update(Buffer.concat([Buffer.from([1]), l, r])).digest();
    assert.equal(hex(hashChildren(l, r)), hex(expected));
  });
});
