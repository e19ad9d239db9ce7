# Writes OUT, a C++ source holding the text of IN as `const char NAME[]` (a raw string),
# so that data files the scoring core reads are compiled in. Run by matcher/CMakeLists.txt.
file(READ "${IN}" content)
file(WRITE "${OUT}" "// Generated from ${IN} by matcher/embed_json.cmake: do not edit.
namespace matching::matcher::internal {
extern const char ${NAME}[];
const char ${NAME}[] = R\"embedded_json(${content})embedded_json\";
}  // namespace matching::matcher::internal
")
