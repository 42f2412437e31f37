# A small JSON writer for the fixture scripts that keeps every bit of a double: numbers are written
# with the shortest decimal form that reads back to the identical double (at most 17 significant
# digits); R's NA, NaN, Inf and -Inf become the strings "NA", "NaN", "Inf" and "-Inf"; NULL is null.
# Wrap vectors in arr(); lists with names become objects, lists without names arrays.
# Also write_fixture(name, content), writing into packages/stats/test/fixtures.
# Used by: source(file.path(dirname(script_path), "json-writer.R")) after setting script_path.

arr <- function(x) structure(list(values = x), class = "json_array")

format_number <- function(x) {
  vapply(as.double(x), function(v) {
    if (is.nan(v)) return("\"NaN\"")
    if (is.na(v)) return("\"NA\"")
    if (v == Inf) return("\"Inf\"")
    if (v == -Inf) return("\"-Inf\"")
    for (digits in 15:17) {
      s <- sprintf(paste0("%.", digits, "g"), v)
      if (as.double(s) == v) return(s)
    }
    s
  }, character(1))
}

to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  inner <- strrep("  ", indent + 1)
  if (inherits(x, "json_array")) {
    v <- x$values
    items <- if (is.character(v)) encodeString(v, quote = "\"") else format_number(v)
    return(paste0("[", paste(items, collapse = ", "), "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    values <- vapply(x, to_json, character(1), indent = indent + 1)
    if (is.null(names(x))) {
      return(paste0("[\n", paste0(inner, values, collapse = ",\n"), "\n", pad, "]"))
    }
    keys <- encodeString(names(x), quote = "\"")
    return(paste0("{\n", paste0(inner, keys, ": ", values, collapse = ",\n"), "\n", pad, "}"))
  }
  if (is.null(x)) return("null")
  if (length(x) != 1) stop("vectors must be wrapped in arr(): ", deparse(x)[1])
  if (is.character(x)) return(encodeString(x, quote = "\""))
  if (is.logical(x) && !is.na(x)) return(if (x) "true" else "false")
  format_number(x)
}

fixture_dir <- file.path(normalizePath(file.path(dirname(script_path), "..", "..")), "packages", "stats", "test", "fixtures")
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

write_fixture <- function(name, content) {
  path <- file.path(fixture_dir, name)
  writeLines(to_json(content), path, useBytes = TRUE)
  cat("wrote", path, "\n")
}
