"""An independent client: only stubs generated from proto/ by protoc, no project code.

Usage: python_client.py ADDRESS CANDIDATE_ID
Reads the candidate, then sends a bad territory, and prints what it got on stdout.
"""
import sys

import grpc
from google.protobuf import json_format

from matching.v1 import catalog_pb2, catalog_pb2_grpc, territory_pb2


def main() -> int:
    address, candidate_id = sys.argv[1], sys.argv[2]
    with grpc.insecure_channel(address) as channel:
        stub = catalog_pb2_grpc.CatalogServiceStub(channel)
        candidate = stub.GetCandidate(catalog_pb2.GetCandidateRequest(id=candidate_id), timeout=10)
        print("candidate", json_format.MessageToJson(candidate, indent=None,
                                                      preserving_proto_field_name=True))
        bad = territory_pb2.Territory(id="54999", name="Nowhere")
        bad.location.lat = 123.4
        try:
            stub.UpsertTerritory(catalog_pb2.UpsertTerritoryRequest(territory=bad), timeout=10)
            print("bad territory accepted")
        except grpc.RpcError as error:
            print("error", error.code().name, error.details())
    return 0


if __name__ == "__main__":
    sys.exit(main())
