"""The kitchen-sink service and a client scenario in Python (grpcio), for the mesh sidecar tests.

  server STUBS_DIR                 serves on 127.0.0.1:0 (plaintext), prints {"port": N}, runs until stdin closes
  client STUBS_DIR TARGET SCENARIO [CA KEY CERT]
                                   runs SCENARIO ('calls' or 'faults') and prints one JSON object per call:
                                   messages (as JSON), code, details, initial and trailing metadata

Handlers follow the request metadata 'x-test-behavior' like test/helpers/kitchen-sink.ts:
'error' (INVALID_ARGUMENT + trailer), 'details' (FAILED_PRECONDITION + grpc-status-details-bin), 'slow'.
"""
import json
import sys
import threading
import time
from concurrent import futures

sys.path.insert(0, sys.argv[2])

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402
from demo.v1 import kitchen_sink_pb2 as pb  # noqa: E402
from demo.v1 import kitchen_sink_pb2_grpc as pb_grpc  # noqa: E402


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def status_details_bin(code, message):
    """google.rpc.Status {code, message, details: [Any(demo.v1.Address)]}, encoded by hand (field numbers of status.proto)."""
    address = pb.Address(street="1 Secret Lane", city="Paris").SerializeToString()
    any_msg = field_bytes(1, b"type.googleapis.com/demo.v1.Address") + field_bytes(2, address)
    return varint(1 << 3) + varint(code) + field_bytes(2, message.encode()) + field_bytes(3, any_msg)


def behavior(context):
    return dict(context.invocation_metadata()).get("x-test-behavior")


def fail(context):
    b = behavior(context)
    if b == "error":
        context.set_trailing_metadata((("x-trailer-note", "checked"),))
        context.abort(grpc.StatusCode.INVALID_ARGUMENT, "customer alice@example.com is not allowed")
    if b == "details":
        context.set_trailing_metadata((("grpc-status-details-bin", status_details_bin(9, "limit for bob@example.com")),))
        context.abort(grpc.StatusCode.FAILED_PRECONDITION, "precondition failed")


class KitchenSink(pb_grpc.KitchenSinkServiceServicer):
    def Echo(self, request, context):
        fail(context)
        context.send_initial_metadata((("x-response-id", "resp-1"),))
        if behavior(context) == "slow":
            time.sleep(float(dict(context.invocation_metadata()).get("x-test-delay-ms", "2000")) / 1000)
        return pb.EchoResponse(request_id=request.request_id, customer=request.customer, message="echo: " + request.note, processed_at_ms=1700000000000)

    def Upload(self, request_iterator, context):
        count = 0
        total = 0
        for chunk in request_iterator:
            count += 1
            total += len(chunk.data) + len(chunk.text.encode())
        fail(context)
        return pb.Summary(count=count, total_bytes=total, digest="d%d" % count)

    def Download(self, request, context):
        fail(context)
        n = request.limit.value if request.HasField("limit") else 3
        for i in range(n):
            yield pb.Chunk(index=i, text="chunk %d" % i)

    def Chat(self, request_iterator, context):
        for chunk in request_iterator:
            yield pb.Chunk(index=chunk.index, text="re: " + chunk.text)
        fail(context)


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    pb_grpc.add_KitchenSinkServiceServicer_to_server(KitchenSink(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(json.dumps({"port": port}), flush=True)
    sys.stdin.read()
    server.stop(0)


ECHO = pb.EchoRequest(
    request_id="req-7",
    note="call me at bob@example.com",
    customer=pb.Customer(customer_id="cust-42", full_name="Bob Example", tier=pb.TIER_GOLD, labels={"team": "blue"}, card=pb.Card(number="4111111111111111", exp_month=4, exp_year=2030)),
    tags=["a", "b"],
)


def md(b=None):
    out = [("x-tenant", "acme")]
    if b:
        out.append(("x-test-behavior", b))
    return tuple(out)


def meta(items):
    return sorted([k, v.hex() if isinstance(v, bytes) else v] for k, v in (items or ()) if k != "date")


def outcome(kind, fn):
    """Runs one call; returns what the client saw of it."""
    try:
        messages, call = fn()
        return {"call": kind, "code": 0, "messages": [json_format.MessageToDict(m) for m in messages], "initial": meta(call.initial_metadata()), "trailing": meta(call.trailing_metadata())}
    except grpc.RpcError as e:
        return {"call": kind, "code": e.code().value[0], "details": e.details(), "initial": meta(e.initial_metadata()), "trailing": meta(e.trailing_metadata())}


def calls(stub):
    def unary(b=None):
        def run():
            resp, call = stub.Echo.with_call(ECHO, metadata=md(b), timeout=10)
            return [resp], call
        return run

    def upload():
        resp, call = stub.Upload.with_call(iter([pb.Chunk(index=1, text="first"), pb.Chunk(index=2, text="mail me: carol@example.com")]), metadata=md(), timeout=10)
        return [resp], call

    def download():
        call = stub.Download(pb.EchoRequest(limit={"value": 3}), metadata=md(), timeout=10)
        return list(call), call

    def chat(b=None):
        def run():
            call = stub.Chat(iter([pb.Chunk(index=1, text="hello"), pb.Chunk(index=2, text="card 4111 1111 1111 1111")]), metadata=md(b), timeout=10)
            return list(call), call
        return run

    return [
        outcome("unary", unary()),
        outcome("client_stream", upload),
        outcome("server_stream", download),
        outcome("bidi", chat()),
        outcome("unary-error", unary("error")),
        outcome("unary-details", unary("details")),
        outcome("bidi-error", chat("error")),
    ]


def faults(stub):
    results = []

    def slow():
        resp, call = stub.Echo.with_call(ECHO, metadata=md("slow") + (("x-test-delay-ms", "1500"),), timeout=0.3)
        return [resp], call

    results.append(outcome("deadline", slow))

    # Cancel a bidi stream after its first answer.
    def cancel():
        gate = threading.Event()

        def requests():
            yield pb.Chunk(index=1, text="one")
            gate.wait(5)

        call = stub.Chat(requests(), metadata=md(), timeout=10)
        got = []
        for m in call:
            got.append(m)
            call.cancel()
            break
        gate.set()
        try:
            for m in call:
                got.append(m)
        except grpc.RpcError:
            pass
        return got, call

    try:
        got, call = cancel()
        results.append({"call": "cancel", "code": call.code().value[0], "messages": [json_format.MessageToDict(m) for m in got]})
    except grpc.RpcError as e:
        results.append({"call": "cancel", "code": e.code().value[0]})

    def oversized():
        resp, call = stub.Upload.with_call(iter([pb.Chunk(index=1, text="small"), pb.Chunk(index=2, data=b"x" * (2 * 1024 * 1024))]), metadata=md(), timeout=10)
        return [resp], call

    results.append(outcome("oversized", oversized))
    results.append(outcome("after", lambda: ([stub.Echo(ECHO, metadata=md(), timeout=10)], NoCall())))
    return results


class NoCall:
    def initial_metadata(self):
        return ()

    def trailing_metadata(self):
        return ()


def client():
    target, scenario = sys.argv[3], sys.argv[4]
    if len(sys.argv) > 5:
        ca, key, cert = (open(p, "rb").read() for p in sys.argv[5:8])
        channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(ca, key, cert), options=(("grpc.ssl_target_name_override", "localhost"),))
    else:
        channel = grpc.insecure_channel(target)
    stub = pb_grpc.KitchenSinkServiceStub(channel)
    for result in calls(stub) if scenario == "calls" else faults(stub):
        print(json.dumps(result, sort_keys=True), flush=True)
    channel.close()


if __name__ == "__main__":
    serve() if sys.argv[1] == "server" else client()
