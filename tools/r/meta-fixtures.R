# Reference fixtures for validating models across centres and treatment lines (packages/stats), computed by R.
#
# Writes, under packages/stats/test/fixtures/:
#   meta.json
#       metafor::rma() (FE, DL, REML; test "z" and "knha"; level 95 and 90) and predict.rma()
#       (default and pi.type = "riley") on metafor's own data sets (dat.bcg log risk ratios,
#       dat.normand1999 mean differences, dat.raudenbush1985, dat.hackshaw1998, dat.molloy2014 Fisher
#       z) and on small edge cases: k = 2, all vi equal, all yi equal, tau2 at the 0 boundary (from a
#       zero and from a positive start), REML with a tight threshold, and REML that does not converge
#       within maxiter.
#   student-t.json
#       pt (both tails), dt and qt (both tails) on a grid that reaches every branch of R's qt.c
#       (df < 1, df = 1, df = 2, Hill's two expansions, df > 1e20) and df up to 1e19.
#   meta-covariate-shift.json
#       standardised differences between two cohorts (covariate shift between centres or lines),
#       computed here by their formulas (Austin, Commun Stat Simul Comput 2009;38:1228; Yang &
#       Dalton, SAS Global Forum 2012, paper 335): numeric (pooled SD), binary, and Austin's
#       multinomial Mahalanobis form for a categorical variable.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/meta-fixtures.R
# Needs R with metafor (which brings metadat) and survival (Debian: r-cran-metafor r-cran-survival).
# The fixtures are committed, so the TypeScript tests never need R.

suppressPackageStartupMessages({
  library(metafor)
  library(survival)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/meta-fixtures.R")
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/meta-fixtures.R",
  rerun = "Rscript tools/r/meta-fixtures.R",
  r = R.version.string,
  metafor = as.character(packageVersion("metafor"))
)

# ---- random-effects meta-analysis ---------------------------------------------------------------

fit_summary <- function(res, level) {
  pred <- predict(res)
  riley <- predict(res, pi.type = "riley")
  list(
    estimate = c(res$beta),
    se = res$se,
    statistic = res$zval,
    df = if (is.na(res$ddf)) NULL else res$ddf,
    pValue = res$pval,
    ciLower = res$ci.lb,
    ciUpper = res$ci.ub,
    piLower = pred$pi.lb,
    piUpper = pred$pi.ub,
    rileyPiLower = riley$pi.lb,
    rileyPiUpper = riley$pi.ub,
    tau2 = res$tau2,
    seTau2 = if (is.na(res$se.tau2)) NULL else res$se.tau2,
    q = res$QE,
    qPValue = res$QEp,
    i2 = res$I2,
    h2 = res$H2,
    typicalVariance = res$vt,
    knhaFactor = res$s2w,
    weights = arr(unname(weights(res)))
  )
}

meta_case <- function(name, note, yi, vi, fits = NULL, level_90 = FALSE) {
  yi <- as.vector(yi)
  vi <- as.vector(vi)
  if (is.null(fits)) {
    fits <- list()
    for (method in c("FE", "DL", "REML")) {
      for (test in c("z", "knha")) {
        fits[[length(fits) + 1]] <- list(method = method, test = test, level = 95, control = NULL)
      }
    }
    if (level_90) {
      fits[[length(fits) + 1]] <- list(method = "REML", test = "knha", level = 90, control = NULL)
      fits[[length(fits) + 1]] <- list(method = "DL", test = "z", level = 90, control = NULL)
    }
  }
  out <- lapply(fits, function(f) {
    control <- if (is.null(f$control)) list() else f$control
    res <- suppressWarnings(rma(yi, vi, method = f$method, test = f$test, level = f$level, control = control))
    list(
      method = f$method,
      test = f$test,
      confLevel = f$level / 100,
      remlControl = if (is.null(f$control)) NULL else list(
        tolerance = f$control$threshold, maxIterations = f$control$maxiter
      ),
      result = fit_summary(res, f$level)
    )
  })
  list(name = name, note = note, yi = arr(yi), vi = arr(vi), fits = out)
}

bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
normand <- escalc(
  measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i,
  data = dat.normand1999
)
molloy <- escalc(measure = "ZCOR", ri = ri, ni = ni, data = dat.molloy2014)

tight <- list(threshold = 1e-10, maxiter = 1000)

meta_cases <- list(
  meta_case("bcg-log-rr", "dat.bcg, escalc(measure = 'RR'): log risk ratios of 13 BCG trials",
    bcg$yi, bcg$vi, level_90 = TRUE),
  meta_case("normand1999-md", "dat.normand1999, escalc(measure = 'MD'): length of stay, 9 studies",
    normand$yi, normand$vi),
  meta_case("raudenbush1985", "dat.raudenbush1985: teacher expectancy, 19 studies (REML takes 14 iterations)",
    dat.raudenbush1985$yi, dat.raudenbush1985$vi),
  meta_case("hackshaw1998", "dat.hackshaw1998: log odds ratios, 37 studies (REML starts from tau2 = 0)",
    dat.hackshaw1998$yi, dat.hackshaw1998$vi),
  meta_case("molloy2014-zcor", "dat.molloy2014, escalc(measure = 'ZCOR'): Fisher z, 16 studies",
    molloy$yi, molloy$vi),
  meta_case("k2", "two studies (t with 1 df under knha; riley PI with df floored at 1)",
    c(-0.5, 0.6), c(0.01, 0.04)),
  meta_case("k2-homogeneous", "two studies that agree: tau2 = 0 for DL and REML",
    c(0.3, 0.31), c(0.01, 0.04)),
  meta_case("equal-vi", "all sampling variances equal: DL and the Hedges start coincide",
    c(0.82, 0.61, 0.95, 0.70, 0.77, 0.88), rep(0.0025, 6)),
  meta_case("equal-yi", "all estimates equal: Q = 0, tau2 = 0, knha factor 0 (se = 0)",
    rep(0.7, 4), c(0.01, 0.02, 0.015, 0.03),
    fits = list(
      list(method = "FE", test = "z", level = 95, control = NULL),
      list(method = "DL", test = "z", level = 95, control = NULL),
      list(method = "REML", test = "z", level = 95, control = NULL)
    )),
  meta_case("boundary-from-zero", "Hedges start below 0: REML stays at tau2 = 0",
    c(0.0, 0.6, 0.1, 0.55, 0.3), c(0.02, 0.5, 0.03, 0.6, 0.1)),
  meta_case("boundary-from-positive",
    "Hedges start 1.25 but the REML maximum is at 0: step halving walks tau2 down to ~5e-7 (metafor's answer)",
    c(0, 0.01, 2, -2.1), c(0.01, 0.012, 3, 3.2),
    fits = list(
      list(method = "DL", test = "z", level = 95, control = NULL),
      list(method = "REML", test = "z", level = 95, control = NULL),
      list(method = "REML", test = "knha", level = 95, control = NULL),
      list(method = "REML", test = "z", level = 95, control = tight)
    )),
  meta_case("reml-tight", "REML with threshold 1e-10 (the converged maximum) versus metafor's default 1e-5",
    bcg$yi, bcg$vi,
    fits = list(
      list(method = "REML", test = "z", level = 95, control = NULL),
      list(method = "REML", test = "z", level = 95, control = tight),
      list(method = "REML", test = "knha", level = 95, control = tight)
    ))
)

no_convergence <- tryCatch({
  rma(dat.hackshaw1998$yi, dat.hackshaw1998$vi, method = "REML", control = list(maxiter = 3))
  stop("expected rma to fail with maxiter = 3")
}, error = function(e) conditionMessage(e))

write_fixture("meta.json", list(
  generatedBy = generated_by,
  cases = meta_cases,
  noConvergence = list(
    note = "rma(dat.hackshaw1998$yi, dat.hackshaw1998$vi, control = list(maxiter = 3)) stops",
    yi = arr(as.vector(dat.hackshaw1998$yi)),
    vi = arr(as.vector(dat.hackshaw1998$vi)),
    maxIterations = 3,
    rMessage = no_convergence
  )
))

# ---- Student's t distribution -------------------------------------------------------------------

t_df <- c(
  0.001, 0.05, 0.3, 0.7, 0.999999, 1, 1 + 1e-13, 1.3, 1.9, 2, 2 + 1e-13, 2.05, 2.5, 3, 4, 4.5, 5, 7.5,
  10, 22, 29.9, 30, 30.1, 31, 100, 999.5, 1e4, 4e5, 1e6, 1e9, 1e13, 1e16, 1e19, Inf
)
t_x <- c(
  -1e160, -1e20, -300, -40, -12, -5, -3, -2, -1.7320508, -1, -0.3, -1e-8, 0, 1e-10, 0.2, 0.9, 1.5,
  1.75, 2.1, 3.3, 6, 15, 60, 1e3, 1e8, 1e155
)
pt_grid <- expand.grid(x = t_x, df = t_df)
t_p <- c(
  1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.0125, 0.025, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75,
  0.9, 0.95, 0.975, 0.995, 1 - 1e-9
)
qt_grid <- expand.grid(p = t_p, df = t_df)

write_fixture("student-t.json", list(
  generatedBy = generated_by,
  pt = list(
    x = arr(pt_grid$x),
    df = arr(pt_grid$df),
    lower = arr(pt(pt_grid$x, pt_grid$df)),
    upper = arr(pt(pt_grid$x, pt_grid$df, lower.tail = FALSE)),
    density = arr(dt(pt_grid$x, pt_grid$df))
  ),
  qt = list(
    p = arr(qt_grid$p),
    df = arr(qt_grid$df),
    lower = arr(qt(qt_grid$p, qt_grid$df)),
    upper = arr(qt(qt_grid$p, qt_grid$df, lower.tail = FALSE))
  )
))

# ---- covariate shift: standardised differences ---------------------------------------------------

smd_numeric <- function(a, b) {
  a <- a[!is.na(a)]
  b <- b[!is.na(b)]
  (mean(a) - mean(b)) / sqrt((var(a) + var(b)) / 2)
}

smd_binary <- function(a, b) {
  p1 <- mean(a[!is.na(a)])
  p2 <- mean(b[!is.na(b)])
  (p1 - p2) / sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2)
}

# Austin (2009), section 3.3: T and C are the proportions of levels 2..K, S the mean of the two
# multinomial covariance matrices; d = sqrt((T - C)' S^-1 (T - C)).
smd_multinomial <- function(a, b, levels) {
  a <- factor(a[!is.na(a)], levels = levels)
  b <- factor(b[!is.na(b)], levels = levels)
  p1 <- as.vector(table(a)) / length(a)
  p2 <- as.vector(table(b)) / length(b)
  t1 <- p1[-1]
  t2 <- p2[-1]
  s <- (diag(t1, length(t1)) - outer(t1, t1) + diag(t2, length(t2)) - outer(t2, t2)) / 2
  d <- t1 - t2
  list(smd = sqrt(c(t(d) %*% solve(s) %*% d)), p1 = p1, p2 = p2)
}

lung_male <- lung$sex == 1
# JSON has no NA among strings: a missing category is written as the string "NA".
as_labels <- function(x) arr(ifelse(is.na(x), "NA", as.character(x)))

numeric_case <- function(name, a, b) {
  list(
    name = name,
    cohort1 = arr(a), cohort2 = arr(b),
    mean1 = mean(a, na.rm = TRUE), mean2 = mean(b, na.rm = TRUE),
    sd1 = sd(a, na.rm = TRUE), sd2 = sd(b, na.rm = TRUE),
    smd = smd_numeric(a, b)
  )
}

binary_case <- function(name, a, b) {
  list(
    name = name,
    cohort1 = arr(a), cohort2 = arr(b),
    p1 = mean(a, na.rm = TRUE), p2 = mean(b, na.rm = TRUE),
    smd = smd_binary(a, b)
  )
}

categorical_case <- function(name, a, b, levels) {
  r <- smd_multinomial(a, b, levels)
  list(
    name = name,
    cohort1 = as_labels(a), cohort2 = as_labels(b),
    levels = arr(as.character(levels)),
    proportions1 = arr(r$p1), proportions2 = arr(r$p2),
    smd = r$smd
  )
}

ecog_male <- lung$ph.ecog[lung_male]
ecog_female <- lung$ph.ecog[!lung_male]

write_fixture("meta-covariate-shift.json", list(
  generatedBy = generated_by,
  note = "cohort1 = male, cohort2 = female patients of survival::lung unless said otherwise; NA = missing",
  numeric = list(
    numeric_case("lung-age", lung$age[lung_male], lung$age[!lung_male]),
    numeric_case("lung-meal-cal-with-missing", lung$meal.cal[lung_male], lung$meal.cal[!lung_male]),
    numeric_case("lung-wt-loss-with-missing", lung$wt.loss[lung_male], lung$wt.loss[!lung_male])
  ),
  binary = list(
    binary_case("lung-status-dead", as.numeric(lung$status[lung_male] == 2),
      as.numeric(lung$status[!lung_male] == 2)),
    binary_case("lung-ecog-ge-2-with-missing", as.numeric(ecog_male >= 2), as.numeric(ecog_female >= 2))
  ),
  categorical = list(
    categorical_case("lung-ph-ecog", ecog_male, ecog_female, c(0, 1, 2, 3)),
    categorical_case("lung-inst-group",
      cut(lung$inst[lung_male], c(0, 5, 12, 20, 40), labels = c("a", "b", "c", "d")),
      cut(lung$inst[!lung_male], c(0, 5, 12, 20, 40), labels = c("a", "b", "c", "d")),
      c("a", "b", "c", "d")),
    categorical_case("two-levels-equals-binary", as.numeric(lung$status[lung_male] == 2),
      as.numeric(lung$status[!lung_male] == 2), c(0, 1))
  )
))
