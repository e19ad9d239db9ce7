// Request validation: every rejected value gets INVALID_ARGUMENT naming the field and value,
// e.g. "territory.location.lat: 123.4 is outside [-90, 90]".
//
// Pure functions of their arguments; thread-safe.
#ifndef MATCHING_SERVER_VALIDATION_H_
#define MATCHING_SERVER_VALIDATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "matching/v1/candidate.pb.h"
#include "matching/v1/offer.pb.h"
#include "matching/v1/territory.pb.h"

namespace matching::server {

// Limits shared by the API documentation and the checks.
inline constexpr int kMaxIdLength = 64;
inline constexpr int kMaxTextLength = 256;
inline constexpr int kMaxListLength = 100;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
// Largest weight or personal multiplier: sums of weights stay far from overflow.
inline constexpr double kMaxWeight = 1e6;

// `value` as it may appear in an error: whole when at most `max_bytes` long, else its first
// bytes up to `max_bytes`, cut at a UTF-8 character boundary (a proto3 string must stay valid
// UTF-8 or the client cannot parse the answer), followed by "...".
std::string CutForReport(absl::string_view value, size_t max_bytes);

// INVALID_ARGUMENT "FIELD: WHAT", the one shape of every validation error.
absl::Status InvalidField(const std::string& field, const std::string& what);

// `value` finite and in [low, high]: "FIELD: 123.4 is outside [-90, 90]".
[[nodiscard]] absl::Status ValidateRange(const std::string& field, double value, double low,
                                         double high);

// At most kMaxTextLength bytes.
[[nodiscard]] absl::Status ValidateText(const std::string& field, const std::string& value);

// lat in [-90, 90], lon in [-180, 180]; `field` names the LatLon ("near").
[[nodiscard]] absl::Status ValidateLocation(const std::string& field, const v1::LatLon& location);

// Ids: 1..64 characters of [A-Za-z0-9._:-]. `field` is the path shown in the error.
[[nodiscard]] absl::Status ValidateId(const std::string& field, const std::string& id);

// French department code: "01".."19", "2A", "2B", "21".."95", the overseas departments
// "971".."976", and the collectivities INSEE numbers like them: "977" (Saint-Barthélemy),
// "978" (Saint-Martin), "984" (TAAF), "986".."989" (Wallis-et-Futuna, Polynesia, New
// Caledonia, Clipperton). "20", "96".."99", "985" are errors. Empty is accepted ("unset").
[[nodiscard]] absl::Status ValidateDepartmentCode(const std::string& field,
                                                  const std::string& code);

// The department an INSEE commune code implies: "58194" -> "58", "2A004" -> "2A",
// "97411" -> "974", "98818" -> "988". Empty when `code` is not a commune code.
std::string DepartmentOfCommune(const std::string& code);

// French region code: 2 digits ("44", "01") or 3 for overseas collectivities ("987").
// Empty is accepted (means "unset").
[[nodiscard]] absl::Status ValidateRegionCode(const std::string& field, const std::string& code);

// "YYYY-MM-DD", a real calendar day. Empty is accepted (means "unset").
[[nodiscard]] absl::Status ValidateDate(const std::string& field, const std::string& date);

// page_size: 0 (default) or 1..kMaxPageSize; returns the effective size.
[[nodiscard]] absl::Status ValidatePageSize(int page_size, int* effective);

// Weights by criterion name: finite and in [0, kMaxWeight]. `field` names the map
// ("candidate.weights").
[[nodiscard]] absl::Status ValidateWeights(
    const std::string& field, const google::protobuf::Map<std::string, double>& weights);

// A metropolis a household or a territory may name.
struct KnownMetropolis {
  std::string id;               // "nancy"
  std::string name;             // "Métropole du Grand Nancy"
  std::string department_code;  // "54"
};

// The metropolises the checks below accept (server/metropolises.h has the server's).
// Implementations are thread-safe.
class MetropolisLookup {
 public:
  virtual ~MetropolisLookup() = default;
  virtual bool IsKnown(const std::string& id) const = 0;
  // Every known metropolis, by id; read only to suggest close matches for a wrong id.
  virtual std::vector<KnownMetropolis> All() const = 0;
  // Whether a territory may introduce a metropolis nobody declared yet (when no list of
  // metropolises is loaded, stored territories are the only source).
  virtual bool TerritoriesMayIntroduce() const = 0;
};

// Up to 3 ids of `known` close to `given`, best first: equal once case, accents and
// punctuation are folded ("Nancy" -> "nancy"); then one containing the other, on the id or
// the name ("grand-nancy" -> "nancy", named "Métropole du Grand Nancy"); then within a small
// edit distance of the id ("nantse" -> "nantes").
std::vector<std::string> CloseMetropolises(const std::string& given,
                                           const std::vector<KnownMetropolis>& known);

// `id` names a known metropolis: "FIELD: 'Nancy' is not a known metropolis; did you mean
// 'nancy'?" otherwise.
[[nodiscard]] absl::Status ValidateMetropolisId(const std::string& field, const std::string& id,
                                                const MetropolisLookup& metropolises);

// Whole records; `field` prefixes every path ("territory", "records[3].offer").
// Metropolis ids (a candidate's metropolis_ids; a territory's metropolis_id and
// metropolis_access[].metropolis_id) must be known to `metropolises`; a territory may also
// name one its own record introduces when metropolises->TerritoriesMayIntroduce(). With
// `metropolises` null, they are checked for form only. A territory whose id is an INSEE
// commune code must have the department the code implies (when it gives one).
[[nodiscard]] absl::Status ValidateTerritory(const v1::Territory& territory,
                                             const std::string& field = "territory",
                                             const MetropolisLookup* metropolises = nullptr);
[[nodiscard]] absl::Status ValidateOffer(const v1::Offer& offer,
                                         const std::string& field = "offer");
[[nodiscard]] absl::Status ValidateCandidate(const v1::Candidate& candidate,
                                             const std::string& field = "candidate",
                                             const MetropolisLookup* metropolises = nullptr);

}  // namespace matching::server

#endif  // MATCHING_SERVER_VALIDATION_H_
