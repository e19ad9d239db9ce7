#!/usr/bin/python3
"""Rank offers for an anonymous portal visitor and print why each one fits.

Usage: rank_visitor.py HOST:PORT [--language fr|en] [--proto DIR] [--api_key KEY] [--tls_ca FILE]

--api_key (default $MATCHING_API_KEY): the portal's key, sent as `authorization: Bearer KEY`
on the call; matchd with keys answers UNAUTHENTICATED without it. --tls_ca (default
$MATCHING_TLS_CA): PEM of the CA that signed matchd's certificate, for a matchd serving TLS.

Needs Debian's python3-grpcio, protobuf-compiler and protobuf-compiler-grpc. The stubs are
generated from proto/ at run time into a temporary directory; a portal would generate them
once at build time with the same protoc command. The visitor is sent inline: never stored.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

PROTO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto")


def generate_stubs(proto_dir, out_dir):
    protos = sorted(glob.glob(os.path.join(proto_dir, "matching", "v1", "*.proto")))
    subprocess.run(["protoc", "-I", proto_dir, "--python_out", out_dir, "--grpc_out", out_dir,
                    "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin", *protos], check=True)
    sys.path.insert(0, out_dir)


def visitor(candidate_pb2, common_pb2):
    """A GP whose partner, a nurse, needs a job; children aged 2 and 7; Nancy within 50 min."""
    return candidate_pb2.Candidate(
        profession=common_pb2.PROFESSION_GP,
        preferred_settings=[common_pb2.PRACTICE_SETTING_MSP],
        metropolis_ids=["nancy"],
        max_drive_minutes=50,
        household=candidate_pb2.Household(
            partner=candidate_pb2.Partner(sector="health", needs_job=True, can_telework=False),
            children_ages=[2, 7]),
        housing_need=candidate_pb2.HOUSING_NEED_TEMPORARY,
        housing_months_needed=6,
        first_installation=True)


def euros(amount):
    return f"EUR {amount:,.0f}"


def short(enum_name, prefix):
    """PRACTICE_SETTING_MSP -> msp; the unspecified value -> '?'."""
    name = enum_name[len(prefix):].lower()
    return "?" if name == "unspecified" else name


def print_match(rank, match, side_names, common_pb2):
    print(f"{rank}. {match.offer_id} in {match.territory_name} ({match.territory_id}): "
          f"score {match.score:.3f} (household {match.candidate_score:.3f}, "
          f"territory {match.territory_score:.3f})")
    # The match carries the offer's title and terms: no GetOffer per result.
    setting = short(common_pb2.PracticeSetting.Name(match.offer_setting), "PRACTICE_SETTING_")
    employment = short(common_pb2.EmploymentMode.Name(match.offer_employment), "EMPLOYMENT_MODE_")
    print(f"   {match.offer_title or match.offer_id}: {setting}, {employment}, "
          f"starts {match.offer_start_date or 'as soon as possible'}, "
          f"published by {match.offer_organization_id or '?'}")
    if match.drive_minutes >= 0:
        approx = "~" if match.drive_minutes_estimated else ""
        print(f"   {approx}{int(match.drive_minutes + 0.5)} min to {match.metropolis_name}")
    print(f"   aid: {euros(match.aid.first_year_eur)} first year, "
          f"{euros(match.aid.five_year_eur)} over 5 years")
    for line in match.aid.lines:
        print(f"     - {line.label}: {euros(line.first_year_eur)} / {euros(line.five_year_eur)}")
    for criterion in match.criteria:
        synthetic = " (synthetic data)" if criterion.synthetic else ""
        print(f"   [{side_names[criterion.side]} {criterion.criterion} {criterion.value:.2f}] "
              f"{criterion.explanation}{synthetic}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", help="matchd address, HOST:PORT")
    parser.add_argument("--language", choices=["fr", "en"], default="fr")
    parser.add_argument("--proto", default=PROTO_DIR, help="the proto/ directory")
    parser.add_argument("--api_key", default=os.environ.get("MATCHING_API_KEY", ""),
                        help="API key (default $MATCHING_API_KEY; prefer the variable: "
                             "a flag shows in ps)")
    parser.add_argument("--tls_ca", default=os.environ.get("MATCHING_TLS_CA", ""),
                        help="CA of matchd's certificate, PEM: TLS (default $MATCHING_TLS_CA)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as stubs:
        generate_stubs(args.proto, stubs)
        import grpc
        from matching.v1 import candidate_pb2, common_pb2, matching_pb2, matching_pb2_grpc

        side_names = {matching_pb2.SIDE_CANDIDATE: "household",
                      matching_pb2.SIDE_TERRITORY: "territory"}
        request = matching_pb2.RankOffersRequest(
            candidate=visitor(candidate_pb2, common_pb2),
            options=matching_pb2.MatchOptions(top_k=10, language=args.language))
        if args.tls_ca:
            with open(args.tls_ca, "rb") as ca:
                channel = grpc.secure_channel(args.address,
                                              grpc.ssl_channel_credentials(ca.read()))
        else:
            channel = grpc.insecure_channel(args.address)
        metadata = [("authorization", f"Bearer {args.api_key}")] if args.api_key else []
        with channel:
            stub = matching_pb2_grpc.MatchingServiceStub(channel)
            try:
                response = stub.RankOffers(request, timeout=10, metadata=metadata)
            except grpc.RpcError as error:  # INVALID_ARGUMENT names the field and the value
                print(f"error: {error.code().name}: {error.details()}", file=sys.stderr)
                return 1
    print(f"{len(response.matches)} of {response.considered} offers "
          f"(weights {response.weights_profile_version})")
    for rank, match in enumerate(response.matches, 1):
        print_match(rank, match, side_names, common_pb2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
