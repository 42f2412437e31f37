# Reference fixtures for packages/stats, computed by R itself.
#
# Writes, under packages/stats/test/fixtures/:
#   normal.json        pnorm (both tails, plain and log) and qnorm on grids that reach every branch of
#                      Cody's and Wichura's algorithms, including the far tails.
#   cholesky.json      chol() of a few symmetric positive-definite matrices (among them the 14 x 14
#                      latent correlation matrix of clinical-reference.md section D.3), and the order
#                      of the failing leading minor for matrices that are not positive definite.
#   kaplan-meier.json  survfit() on real data sets (survival::lung, survival::veteran, survival::aml,
#                      MASS::gehan control arm), each with its input data, every row of
#                      summary(fit, censored = TRUE), the median with its CI as print.survfit shows
#                      it, and summary(fit, times = ..., extend = TRUE).
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/stats-fixtures.R
# Needs R with the survival and MASS packages (Debian: r-base-core r-cran-survival r-cran-mass).
# The fixtures are committed, so the TypeScript tests never need R.
#
# Numbers are written with the shortest decimal form that reads back to the identical double
# (at most 17 significant digits); R's NA, NaN, Inf and -Inf are written as the strings
# "NA", "NaN", "Inf" and "-Inf".

suppressPackageStartupMessages(library(survival))

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/stats-fixtures.R")

# the shared JSON writer and write_fixture(), into packages/stats/test/fixtures
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/stats-fixtures.R",
  rerun = "Rscript tools/r/stats-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival"))
)

# ---- normal distribution ------------------------------------------------------------------------

# Branch edges of R's pnorm (pnorm.c): 0.67448975, sqrt(32), and the underflow limits -37.5193 and
# 8.2924 for the lower tail (mirrored for the upper tail); plus a regular grid through all of them.
pnorm_x <- sort(unique(c(
  -Inf, -1e170, -40, -38.5, -37.5193, -37.5, -37, -35, -30, -20, -10, -8.2924, -8, -6,
  -sqrt(32) - 1e-12, -sqrt(32), -5.6, -5, -3, -2, -qnorm(0.975), -1, -0.67448975, -0.6744, -0.5, -0.1,
  -1e-10, -1e-20, 0, 1e-20, 1e-10, 0.1, 0.5, 0.6744, 0.67448975, 0.7, 1, qnorm(0.95), qnorm(0.975), 2, 3,
  5, 5.6, sqrt(32), sqrt(32) + 1e-12, 6, 8, 8.2924, 8.3, 10, 20, 30, 37, 37.5193, 38, 40, 1e170, Inf,
  seq(-39.9, 39.9, by = 0.3)
)))

# Wichura's AS 241 switches at |p - 0.5| = 0.425 and at r = sqrt(-log(min(p, 1 - p))) = 5.
qnorm_p <- sort(unique(c(
  0, 1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-15, 1e-12, exp(-25) * (1 - 1e-9), exp(-25),
  exp(-25) * (1 + 1e-9), 1e-10, 1e-8, 1e-5, 1e-4, 1e-3, 0.01, 0.025, 0.05, 0.074, 0.075, 0.076, 0.1,
  0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.924, 0.925, 0.926, 0.95, 0.975, 0.99, 0.999, 1 - 1e-5,
  1 - 1e-8, 1 - 1e-10, 1 - 1e-12, 1 - 1e-15, 1,
  seq(0.0005, 0.9995, by = 0.001)
)))

write_fixture("normal.json", list(
  generatedBy = generated_by,
  pnorm = list(
    x = arr(pnorm_x),
    lower = arr(pnorm(pnorm_x)),
    upper = arr(pnorm(pnorm_x, lower.tail = FALSE)),
    logLower = arr(pnorm(pnorm_x, log.p = TRUE)),
    logUpper = arr(pnorm(pnorm_x, lower.tail = FALSE, log.p = TRUE))
  ),
  qnorm = list(
    p = arr(qnorm_p),
    quantile = arr(qnorm(qnorm_p))
  )
))

# ---- Cholesky -----------------------------------------------------------------------------------

# Latent Gaussian correlations of the synthetic cohort (clinical-reference.md D.3); pairs not
# listed there are 0.
d3_variables <- c(
  "age", "logLdhUln", "logMtv", "ctdnaLog10", "logCrp", "logFerritin", "logIl6", "albumin", "hb",
  "logPlatelets", "logAnc", "logCreatinine", "logMmdsc", "logitNaiveLikeCd8"
)
d3_pairs <- list(
  c("logMtv", "logLdhUln", 0.55), c("logMtv", "ctdnaLog10", 0.60), c("logLdhUln", "ctdnaLog10", 0.50),
  c("logCrp", "logMtv", 0.35), c("logCrp", "logLdhUln", 0.35), c("logCrp", "logFerritin", 0.45),
  c("logCrp", "logIl6", 0.55), c("logCrp", "albumin", -0.45), c("logCrp", "hb", -0.30),
  c("logCrp", "ctdnaLog10", 0.35), c("logFerritin", "logLdhUln", 0.30), c("logFerritin", "logMtv", 0.25),
  c("logFerritin", "logPlatelets", -0.20), c("logFerritin", "hb", -0.25), c("logPlatelets", "hb", 0.30),
  c("logPlatelets", "logAnc", 0.35), c("hb", "albumin", 0.35), c("logIl6", "logLdhUln", 0.30),
  c("age", "logCreatinine", 0.25), c("logMmdsc", "logCrp", 0.35), c("logMmdsc", "logIl6", 0.30),
  c("logitNaiveLikeCd8", "age", -0.20), c("logitNaiveLikeCd8", "logMmdsc", -0.15)
)
d3 <- diag(length(d3_variables))
dimnames(d3) <- list(d3_variables, d3_variables)
for (p in d3_pairs) {
  d3[p[1], p[2]] <- as.double(p[3])
  d3[p[2], p[1]] <- as.double(p[3])
}
stopifnot(isSymmetric(d3), length(d3_pairs) == 23)

set.seed(20240611)
x_random <- matrix(rnorm(12 * 8), nrow = 12)
random_covariance <- crossprod(x_random) / 11

pd_case <- function(name, a, note) {
  a <- unname(a)
  # R's chol() returns the upper factor R with A = t(R) %*% R; carta keeps the lower one, t(R).
  lower <- t(chol(a))
  list(
    name = name,
    note = note,
    n = nrow(a),
    matrix = arr(as.vector(t(a))),
    lower = arr(as.vector(t(lower))),
    minEigenvalue = min(eigen(a, symmetric = TRUE, only.values = TRUE)$values)
  )
}

not_pd_case <- function(name, a, note) {
  a <- unname(a)
  message <- tryCatch({
    chol(a)
    stop(name, " was expected not to be positive definite")
  }, error = function(e) conditionMessage(e))
  order <- as.integer(sub(".*leading minor of order ([0-9]+).*", "\\1", message))
  if (is.na(order)) stop("unexpected chol() error for ", name, ": ", message)
  list(
    name = name,
    note = note,
    n = nrow(a),
    matrix = arr(as.vector(t(a))),
    leadingMinorOrder = order,
    rMessage = message
  )
}

write_fixture("cholesky.json", list(
  generatedBy = generated_by,
  layout = "row-major; lower is t(chol(matrix)), so matrix = lower %*% t(lower)",
  positiveDefinite = list(
    pd_case("2x2", matrix(c(4, 2, 2, 3), 2), "small hand example"),
    pd_case(
      "3x3-integer",
      matrix(c(4, 12, -16, 12, 37, -43, -16, -43, 98), 3),
      "integer factor [[2,0,0],[6,1,0],[-8,5,3]]"
    ),
    pd_case("8x8-random-covariance", random_covariance, "crossprod of a 12 x 8 rnorm matrix / 11"),
    pd_case(
      "d3-latent-correlation",
      d3,
      paste("clinical-reference.md D.3, variables in order:", paste(d3_variables, collapse = ", "))
    )
  ),
  notPositiveDefinite = list(
    not_pd_case("2x2-indefinite", matrix(c(1, 2, 2, 1), 2), "eigenvalues 3 and -1"),
    not_pd_case(
      "3x3-inconsistent-correlation",
      matrix(c(1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1), 3),
      "each pair plausible, the three together impossible"
    ),
    not_pd_case("3x3-singular", matrix(1, 3, 3), "rank one: positive semi-definite only")
  )
))

# ---- Kaplan-Meier -------------------------------------------------------------------------------

km_case <- function(name, source, time, event, at, conf_level = 0.95) {
  fit <- survfit(Surv(time, event) ~ 1, conf.int = conf_level)
  rows <- summary(fit, censored = TRUE)
  table <- summary(fit)$table
  at_summary <- summary(fit, times = at, extend = TRUE)
  stopifnot(identical(as.double(at_summary$time), as.double(sort(at))))
  list(
    name = name,
    source = source,
    confLevel = conf_level,
    input = list(time = arr(time), event = arr(as.integer(event))),
    n = fit$n,
    nEvent = sum(fit$n.event),
    rows = list(
      time = arr(rows$time),
      nRisk = arr(rows$n.risk),
      nEvent = arr(rows$n.event),
      nCensor = arr(rows$n.censor),
      survival = arr(rows$surv),
      stdErr = arr(rows$std.err),
      lower = arr(rows$lower),
      upper = arr(rows$upper)
    ),
    median = list(
      estimate = unname(table["median"]),
      lower = unname(table[grep("LCL$", names(table))]),
      upper = unname(table[grep("UCL$", names(table))])
    ),
    at = list(
      time = arr(at_summary$time),
      nRisk = arr(at_summary$n.risk),
      survival = arr(at_summary$surv),
      stdErr = arr(at_summary$std.err),
      lower = arr(at_summary$lower),
      upper = arr(at_summary$upper)
    )
  )
}

# Query times: before the first time, at and between observed times, past the last one.
query_times <- function(time, extra = numeric(0)) {
  sort(unique(c(
    0, min(time) / 2, min(time), quantile(time, c(0.1, 0.25, 0.5, 0.75, 0.9), names = FALSE),
    max(time), max(time) + 1, extra
  )))
}

data(gehan, package = "MASS")
gehan_control <- gehan[gehan$treat == "control", ]
veteran_test <- veteran[veteran$trt == 2, ]

# aml with every other time moved by a relative 1e-12: survfit's default timefix = TRUE (aeqSurv)
# must merge them back, so the result equals plain aml on the original times.
aml_near <- aml$time * ifelse(seq_along(aml$time) %% 2 == 0, 1 + 1e-12, 1)

write_fixture("kaplan-meier.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "survfit(Surv(time, event) ~ 1, conf.int = confLevel): stype 1 (Kaplan-Meier), conf.type 'log',",
    "Greenwood variance; rows = summary(fit, censored = TRUE) with std.err of the survival;",
    "median and its CI = summary(fit)$table; at = summary(fit, times = at.time, extend = TRUE)"
  ),
  datasets = list(
    km_case(
      "lung", "survival::lung (NCCTG advanced lung cancer); event = status - 1",
      lung$time, lung$status - 1, query_times(lung$time, c(182.625, 365.25, 730.5))
    ),
    km_case(
      "lung-conf90", "survival::lung with conf.int = 0.90",
      lung$time, lung$status - 1, query_times(lung$time, 365.25), conf_level = 0.90
    ),
    km_case(
      "veteran", "survival::veteran (VA lung cancer trial), both arms",
      veteran$time, veteran$status, query_times(veteran$time, c(30, 90, 180, 365))
    ),
    km_case(
      "veteran-test-arm", "survival::veteran, trt == 2; the curve is flat at exactly 0.5 (median is an average)",
      veteran_test$time, veteran_test$status, query_times(veteran_test$time, c(52, 53))
    ),
    km_case(
      "aml", "survival::aml (maintained vs non-maintained chemotherapy); ties and censoring at event times",
      aml$time, aml$status, query_times(aml$time, c(13, 16, 28))
    ),
    km_case(
      "gehan-control", "MASS::gehan, placebo arm (Freireich 1963): no censoring, survival reaches 0",
      gehan_control$time, gehan_control$cens, query_times(gehan_control$time, c(8, 22.5, 23))
    ),
    km_case(
      "aml-near-ties", "survival::aml with every other time multiplied by 1 + 1e-12 (timefix test)",
      aml_near, aml$status, query_times(aml$time, c(13, 16, 28))
    )
  )
))
