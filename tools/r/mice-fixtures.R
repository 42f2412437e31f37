# Reference fixtures for carta's chained-equations imputation (packages/stats/src/imputation/mice.ts),
# computed by R's mice with its defaults (pmm for numeric, logreg for binary factors, polyreg for
# unordered factors), m = 20, maxit = 10.
#
# Writes packages/stats/test/fixtures/mice.json with, for each data set, the data (numeric columns
# as numbers, factors as 0-based level codes, NA as "NA") and, for each analysis, the pooled
# result of pool(with(imp, lm(...))): estimate, std.error, fmi, df.
#   nhanes   mice::nhanes (25 rows; hyp numeric 1/2, so pmm)         lm(chl ~ age + bmi)
#   nhanes2  mice::nhanes2 (25 rows; age 3 levels, hyp binary factor) lm(chl ~ age + bmi + hyp)
#   boys     mice::boys with age >= 8, every second row (213 rows); gen as an unordered factor
#            (polyreg rather than polr, which carta does not have)  lm(tv ~ age + hgt + reg), lm(hc ~ age + wgt + gen)
# carta's random streams differ from R's, so the tests compare statistically (see mice.test.ts).
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/mice-fixtures.R
# Needs R with mice (Debian: r-cran-mice). The fixture is committed, so the TypeScript tests never need R.

suppressPackageStartupMessages(library(mice))

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/mice-fixtures.R")
source(file.path(dirname(script_path), "json-writer.R"))

m <- 20
maxit <- 10

column_spec <- function(data) {
  lapply(names(data), function(name) {
    v <- data[[name]]
    if (is.factor(v)) {
      list(name = name, type = if (nlevels(v) == 2) "binary" else "categorical", levels = arr(levels(v)))
    } else {
      list(name = name, type = "numeric")
    }
  })
}

column_values <- function(data) {
  lapply(data, function(v) arr(if (is.factor(v)) as.integer(v) - 1 else as.double(v)))
}

analysis <- function(imp, formula) {
  fit <- with(imp, lm(as.formula(formula)))
  s <- summary(pool(fit), conf.int = TRUE)
  p <- pool(fit)$pooled
  list(
    formula = formula,
    terms = arr(as.character(s$term)),
    estimate = arr(s$estimate),
    se = arr(s$std.error),
    df = arr(s$df),
    fmi = arr(p$fmi),
    dfCom = p$dfcom[1]
  )
}

data_case <- function(name, data, seed, formulas) {
  imp <- mice(data, m = m, maxit = maxit, seed = seed, printFlag = FALSE)
  list(
    name = name,
    methods = as.list(imp$method),
    columns = column_spec(data),
    values = column_values(data),
    analyses = lapply(formulas, function(f) analysis(imp, f))
  )
}

boys_subset <- boys[boys$age >= 8, c("age", "hgt", "wgt", "hc", "gen", "tv", "reg")]
boys_subset <- boys_subset[seq(1, nrow(boys_subset), by = 2), ]
boys_subset$gen <- factor(boys_subset$gen, ordered = FALSE)

write_fixture("mice.json", list(
  generatedBy = list(
    script = "tools/r/mice-fixtures.R",
    rerun = "Rscript tools/r/mice-fixtures.R",
    r = R.version.string,
    mice = as.character(packageVersion("mice"))
  ),
  m = m,
  maxit = maxit,
  cases = list(
    data_case("nhanes", nhanes, 20240601, list("chl ~ age + bmi")),
    data_case("nhanes2", nhanes2, 20240602, list("chl ~ age + bmi + hyp")),
    data_case("boys", boys_subset, 20240603, list("tv ~ age + hgt + reg", "hc ~ age + wgt + gen"))
  )
))
