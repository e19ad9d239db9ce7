// Writes the peer benchmark's data (bench/peer_data.h) as PostgreSQL COPY text files
// (tab-separated, \N for NULL) for bench/peer/schema.sql, plus the query list.
//
//   peer_export --out DIR [--offers 100000] [--candidates 1000000] [--visitors 50]
//               [--offer-queries 20]
// Files: territories.tsv, offers.tsv, candidates.tsv, visitors.tsv (the RankOffers
// households, same columns as candidates), queries.tsv ("offers\t<visitor id>" and
// "candidates\t<offer id>" lines). Values are written as the scoring core sees them
// (index/convert.h), doubles with 17 significant digits so that PostgreSQL parses the
// same binary value. Refuses data the SQL does not transcribe (see score.sql): specialties
// that are not ids of data/specialties.json (the SQL reads the file's ids and related
// lists, not its synonyms), upper-case lifestyle tags, personal weights.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/peer_data.h"
#include "index/convert.h"
#include "matcher/specialties.h"

namespace matching::bench {
namespace {

constexpr char kNull[] = "\\N";

// Text written must be free of COPY and array metacharacters.
bool PlainText(const std::string& text) {
  for (char c : text) {
    if (c == '\t' || c == '\n' || c == '\\' || c == '"' || c == ',' || c == '{' || c == '}') {
      return false;
    }
  }
  return true;
}

// The C++ compares lifestyle tags ignoring ASCII case, the SQL exactly: those must be
// plain lower case.
bool LowerText(const std::string& text) {
  for (char c : text) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
  }
  return PlainText(text);
}

void Check(bool ok, const std::string& what) {
  if (ok) return;
  std::cerr << "peer_export: " << what << "\n";
  std::exit(1);
}

// "" or an id of data/specialties.json as the file writes it (what the index scores).
bool CatalogSpecialty(const std::string& text) {
  if (text.empty()) return true;
  return PlainText(text) && matcher::SpecialtyCatalog::Default().Find(text) != nullptr;
}

std::string Double(double value) { return absl::StrFormat("%.17g", value); }

template <typename T>
std::string Opt(const std::optional<T>& value) {
  if (!value) return kNull;
  if constexpr (std::is_floating_point_v<T>) {
    return Double(*value);
  } else {
    return absl::StrCat(*value);
  }
}

std::string Day(const std::optional<absl::CivilDay>& day) {
  return day ? absl::FormatCivilTime(*day) : kNull;
}

std::string Bool(bool value) { return value ? "t" : "f"; }

std::string TextArray(const std::vector<std::string>& values, const std::string& what,
                      bool lower = false) {
  for (const std::string& value : values) {
    Check(lower ? LowerText(value) : PlainText(value), what + " '" + value + "'");
  }
  return absl::StrCat("{", absl::StrJoin(values, ","), "}");
}

template <typename Enum>
std::string IntArray(const std::vector<Enum>& values) {
  std::vector<int> ints;
  for (Enum value : values) ints.push_back(static_cast<int>(value));
  return absl::StrCat("{", absl::StrJoin(ints, ","), "}");
}

class Tsv {
 public:
  explicit Tsv(const std::string& path) : file_(std::fopen(path.c_str(), "w"), &std::fclose) {
    Check(file_ != nullptr, "cannot write " + path);
  }
  void Row(const std::vector<std::string>& fields) {
    const std::string line = absl::StrCat(absl::StrJoin(fields, "\t"), "\n");
    Check(std::fwrite(line.data(), 1, line.size(), file_.get()) == line.size(), "write failed");
  }

 private:
  std::unique_ptr<FILE, int (*)(FILE*)> file_;
};

void WriteTerritory(const matcher::TerritoryFeatures& t, Tsv& out) {
  std::vector<std::string> metro_ids;
  std::vector<std::string> metro_minutes;
  for (const matcher::MetropolisAccess& access : t.metropolis_access) {
    metro_ids.push_back(access.metropolis_id);
    metro_minutes.push_back(Double(access.drive_minutes));
  }
  std::vector<std::string> jobs;
  int64_t job_total = 0;
  for (const auto& [sector, count] : t.job_openings_by_sector) {
    Check(PlainText(sector), "sector '" + sector + "'");
    jobs.push_back(absl::StrFormat("\"%s\": %d", sector, count));
    job_total += count;
  }
  Check(PlainText(t.id) && PlainText(t.department_code), "territory id " + t.id);
  out.Row({t.id, t.department_code, t.region_code, Double(t.lat), Double(t.lon),
           TextArray(metro_ids, "metropolis id"),
           absl::StrCat("{", absl::StrJoin(metro_minutes, ","), "}"), Opt(t.creche_minutes),
           Opt(t.primary_school_minutes), Opt(t.college_minutes), Opt(t.lycee_minutes),
           Opt(t.fibre_coverage), TextArray(t.lifestyle_tags, "lifestyle tag", true),
           absl::StrCat("{", absl::StrJoin(jobs, ", "), "}"), absl::StrCat(job_total),
           Bool(t.temporary_housing_available), Opt(t.rent_eur_per_m2), Opt(t.apl)});
}

void WriteOffer(const matcher::OfferFeatures& o, Tsv& out) {
  Check(PlainText(o.id) && PlainText(o.territory_id), "offer " + o.id);
  Check(CatalogSpecialty(o.specialty), "offer " + o.id + " specialty '" + o.specialty + "'");
  out.Row({o.id, o.territory_id, absl::StrCat(static_cast<int>(o.profession)), o.specialty,
           absl::StrCat(static_cast<int>(o.setting)), absl::StrCat(static_cast<int>(o.employment)),
           Day(o.start_date), Bool(o.part_time_possible), absl::StrCat(o.on_call_per_month),
           Bool(o.trial_possible), Bool(o.discovery_day), absl::StrCat(o.temporary_housing_months),
           Bool(o.spouse_job_help), absl::StrCat(o.min_experience_years),
           absl::StrCat(o.commitment_years), absl::StrCat(static_cast<int>(o.status))});
}

void WriteCandidate(const matcher::CandidateProfile& c, Tsv& out) {
  Check(PlainText(c.id), "candidate " + c.id);
  Check(CatalogSpecialty(c.specialty), "candidate " + c.id + " specialty '" + c.specialty + "'");
  // Personal priorities change the weights per candidate; the SQL uses one profile.
  Check(c.weights.empty(), "candidate " + c.id + " has personal weights; score.sql has none");
  const bool partner = c.partner.has_value();
  if (partner) {
    Check(PlainText(c.partner->sector), "sector '" + c.partner->sector + "'");
    Check(CatalogSpecialty(c.partner->specialty),
          "candidate " + c.id + " partner specialty '" + c.partner->specialty + "'");
  }
  // RankCandidates runs as an admin (no viewer organisation): the registering
  // organisation is not read.
  std::vector<std::string> ages;
  for (int age : c.children_ages) ages.push_back(absl::StrCat(age));
  out.Row({c.id,
           absl::StrCat(static_cast<int>(c.profession)),
           c.specialty,
           absl::StrCat(c.experience_years),
           IntArray(c.preferred_settings),
           IntArray(c.preferred_employment),
           Day(c.available_from),
           Day(c.available_until),
           TextArray(c.metropolis_ids, "metropolis id"),
           absl::StrCat(c.max_drive_minutes),
           TextArray(c.wanted_department_codes, "department"),
           TextArray(c.excluded_department_codes, "department"),
           Bool(partner),
           partner ? c.partner->sector : "",
           Bool(partner && c.partner->needs_job),
           Bool(partner && c.partner->can_telework),
           absl::StrCat("{", absl::StrJoin(ages, ","), "}"),
           absl::StrCat(static_cast<int>(c.housing_need)),
           absl::StrCat(c.housing_months_needed),
           TextArray(c.lifestyle_tags, "lifestyle tag", true),
           Opt(c.max_on_call_per_month),
           Bool(c.wants_part_time),
           Bool(c.wants_trial),
           absl::StrCat(static_cast<int>(c.status)),
           absl::StrCat(partner ? static_cast<int>(c.partner->profession) : 0),
           partner ? c.partner->specialty : "",
           Bool(c.consent_given),
           c.current_location ? Double(c.current_location->lat) : kNull,
           c.current_location ? Double(c.current_location->lon) : kNull});
}

int Main(int argc, char** argv) {
  PeerSizes sizes;
  std::string out_dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--out") {
      out_dir = value;
    } else if (flag == "--offers") {
      sizes.offers = std::atoll(value);
    } else if (flag == "--candidates") {
      sizes.candidates = std::atoll(value);
    } else if (flag == "--visitors") {
      sizes.visitors = std::atoi(value);
    } else if (flag == "--offer-queries") {
      sizes.offer_queries = std::atoi(value);
    } else {
      Check(false, "unknown flag " + flag);
    }
  }
  Check(!out_dir.empty() && argc % 2 == 1,
        "usage: peer_export --out DIR [--offers N] [--candidates M] [--visitors V] "
        "[--offer-queries Q]");
  absl::StatusOr<PeerData> data = PeerData::Create(MATCHING_SOURCE_DIR "/data", sizes);
  Check(data.ok(), std::string(data.status().message()));

  Tsv territories(out_dir + "/territories.tsv");
  for (const v1::Territory& territory : data->territories()) {
    WriteTerritory(index::ToTerritoryFeatures(territory), territories);
  }
  Tsv offers(out_dir + "/offers.tsv");
  for (int64_t i = 0; i < sizes.offers; ++i) {
    WriteOffer(index::ToOfferFeatures(data->OfferAt(i)), offers);
  }
  Tsv candidates(out_dir + "/candidates.tsv");
  for (int64_t i = 0; i < sizes.candidates; ++i) {
    WriteCandidate(index::ToCandidateProfile(data->CandidateAt(i)), candidates);
  }
  Tsv visitors(out_dir + "/visitors.tsv");
  Tsv queries(out_dir + "/queries.tsv");
  for (int i = 0; i < sizes.visitors; ++i) {
    const matcher::CandidateProfile visitor = index::ToCandidateProfile(data->VisitorAt(i));
    WriteCandidate(visitor, visitors);
    queries.Row({"offers", visitor.id});
  }
  for (int i = 0; i < sizes.offer_queries; ++i) queries.Row({"candidates", data->QueryOfferId(i)});
  std::cerr << "peer_export: " << data->territories().size() << " territories, " << sizes.offers
            << " offers, " << sizes.candidates << " candidates, " << sizes.visitors << " visitors, "
            << sizes.offer_queries << " offer queries -> " << out_dir << "\n";
  return 0;
}

}  // namespace
}  // namespace matching::bench

int main(int argc, char** argv) { return matching::bench::Main(argc, argv); }
