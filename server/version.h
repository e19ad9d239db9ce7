// The version of matchd, as GetServerInfo reports it.
#ifndef MATCHING_SERVER_VERSION_H_
#define MATCHING_SERVER_VERSION_H_

// Semantic versioning: bump the minor version when the API gains a call or a field.
#define MATCHD_VERSION "0.5.0"

#endif  // MATCHING_SERVER_VERSION_H_
