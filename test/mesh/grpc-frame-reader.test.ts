import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { GrpcFrameReader, type GrpcFrame } from '../../mesh/grpc-frame-reader';
import { frame, split as cut } from './support/envoy-replay';

describe('mesh: gRPC frame reader', function () {
  it('reassembles any sequence of messages cut at any points (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ compressed: fc.boolean(), data: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (messages, points) => {
          const bytes = Buffer.concat(messages.map((m) => frame(m.data, m.compressed)));
          const reader = new GrpcFrameReader(1024);
          const got: GrpcFrame[] = [];
          for (const chunk of cut(bytes, points)) assert.equal(reader.push(chunk, (f) => got.push({ compressed: f.compressed, data: Buffer.from(f.data) })), undefined);
          assert.equal(reader.end(), undefined);
          assert.deepEqual(
            got.map((f) => [f.compressed, f.data.toString('hex')]),
            messages.map((m) => [m.compressed, Buffer.from(m.data).toString('hex')]),
          );
          assert.equal(reader.count, messages.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cut byte by byte, including inside every 5-byte header', () => {
    const bytes = Buffer.concat([frame(Buffer.from('abc')), frame(Buffer.alloc(0), true), frame(Buffer.from('hello world'))]);
    const reader = new GrpcFrameReader();
    const got: string[] = [];
    for (let i = 0; i < bytes.length; i++) reader.push(bytes.subarray(i, i + 1), (f) => got.push(`${f.compressed ? 'c' : 'p'}:${f.data.toString()}`));
    assert.equal(reader.end(), undefined);
    assert.deepEqual(got, ['p:abc', 'c:', 'p:hello world']);
  });

  it('a declared length over the limit is an error before the message is buffered', () => {
    const reader = new GrpcFrameReader(10);
    const header = Buffer.from([0, 0, 0, 0, 11]);
    const err = reader.push(header, () => assert.fail('no message'));
    assert.equal(err?.kind, 'too-large');
    assert.equal(reader.pending, 0);
    assert.equal(reader.push(Buffer.from([0, 0, 0, 0, 0]), () => assert.fail('stopped')), err, 'stays stopped');
  });

  it('a flag byte other than 0 or 1 is an error; so is a stream ending inside a header or a message', () => {
    assert.equal(new GrpcFrameReader().push(Buffer.from([2, 0, 0, 0, 0]), () => undefined)?.kind, 'bad-flag');
    const inHeader = new GrpcFrameReader();
    inHeader.push(Buffer.from([0, 0, 0]), () => undefined);
    assert.match(inHeader.end()!.message, /3 of 5 header bytes/);
    const inBody = new GrpcFrameReader();
    inBody.push(Buffer.from([0, 0, 0, 0, 4, 1]), () => undefined);
    assert.equal(inBody.end()?.kind, 'truncated');
  });
});
