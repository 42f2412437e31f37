# Reference fixtures for Rubin's rules (packages/stats/src/imputation/rubin.ts), computed by R's mice.
#
# Writes packages/stats/test/fixtures/rubin.json with, for each case, the per-imputation estimates
# and variances (std.error^2 of the tidied fits, exactly what mice::pool averages) and pool()'s
# output: qbar, ubar, b, t, dfcom, df, riv, lambda, fmi, and summary(pool, conf.int = TRUE)'s
# std.error, statistic, p.value and interval.
#   nhanes-lm        mice(nhanes, m = 5), lm(chl ~ age + bmi)                     (dfcom = 22)
#   nhanes2-glm      mice(nhanes2, m = 5), glm(hyp ~ bmi + chl, binomial)          (dfcom = 22)
#   nhanes-glm-m20   mice(nhanes, m = 20), glm(I(hyp == 2) ~ age + chl, binomial)  (dfcom = 22)
#   scalar cases     mice::pool.scalar on hand-made inputs: dfcom = Inf, b = 0 (lambda floored at
#                    1e-4), m = 2, and a small dfcom that drives df below 1; the p-value and interval
#                    are computed with summary.mipo's and confint.mipo's own expressions.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/rubin-fixtures.R
# Needs R with mice (Debian: r-cran-mice). The fixture is committed, so the TypeScript tests never need R.

suppressPackageStartupMessages(library(mice))

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/rubin-fixtures.R")
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/rubin-fixtures.R",
  rerun = "Rscript tools/r/rubin-fixtures.R",
  r = R.version.string,
  mice = as.character(packageVersion("mice"))
)

conf_level <- 0.95

pooled_case <- function(name, note, fit) {
  tidy <- summary(fit, type = "tidy")
  terms <- unique(as.character(tidy$term))
  m <- length(fit$analyses)
  pooled <- pool(fit)
  s <- summary(pooled, conf.int = TRUE, conf.level = conf_level)
  p <- pooled$pooled
  list(
    name = name,
    note = note,
    m = m,
    dfCom = p$dfcom[1],
    confLevel = conf_level,
    terms = arr(terms),
    # row i = imputation i, in the order of terms
    estimates = lapply(seq_len(m), function(i) arr(tidy$estimate[(i - 1) * length(terms) + seq_along(terms)])),
    variances = lapply(seq_len(m), function(i) arr(tidy$std.error[(i - 1) * length(terms) + seq_along(terms)]^2)),
    pooled = lapply(seq_along(terms), function(j) list(
      term = terms[j],
      qbar = p$estimate[j], ubar = p$ubar[j], b = p$b[j], t = p$t[j], df = p$df[j],
      riv = p$riv[j], lambda = p$lambda[j], fmi = p$fmi[j],
      se = s$std.error[j], statistic = s$statistic[j], pValue = s$p.value[j],
      ciLower = s[["2.5 %"]][j], ciUpper = s[["97.5 %"]][j]
    ))
  )
}

scalar_case <- function(name, note, q, u, dfcom) {
  # pool.scalar(Q, U, n, k) uses dfcom = n - k.
  r <- pool.scalar(q, u, n = dfcom + 1, k = 1)
  se <- sqrt(r$t)
  statistic <- r$qbar / se
  a <- (1 - conf_level) / 2
  list(
    name = name,
    note = note,
    m = length(q),
    dfCom = dfcom,
    confLevel = conf_level,
    estimates = arr(q),
    variances = arr(u),
    pooled = list(
      qbar = r$qbar, ubar = r$ubar, b = r$b, t = r$t, df = r$df,
      riv = r$r, lambda = (1 + 1 / length(q)) * r$b / r$t, fmi = r$fmi,
      se = se, statistic = statistic,
      pValue = 2 * pt(abs(statistic), pmax(r$df, 0.001), lower.tail = FALSE),
      ciLower = r$qbar + qt(a, r$df) * se,
      ciUpper = r$qbar + qt(1 - a, r$df) * se
    )
  )
}

seed <- 20240611
imp_lm <- mice(nhanes, m = 5, seed = seed, print = FALSE)
imp_glm <- mice(nhanes2, m = 5, seed = seed, print = FALSE)
imp_m20 <- mice(nhanes, m = 20, seed = 7, print = FALSE)

write_fixture("rubin.json", list(
  generatedBy = generated_by,
  models = list(
    pooled_case("nhanes-lm", "with(mice(nhanes, m = 5, seed = 20240611), lm(chl ~ age + bmi))",
      with(imp_lm, lm(chl ~ age + bmi))),
    pooled_case("nhanes2-glm", "with(mice(nhanes2, m = 5, seed = 20240611), glm(hyp ~ bmi + chl, binomial))",
      with(imp_glm, glm(hyp ~ bmi + chl, family = binomial))),
    pooled_case("nhanes-glm-m20",
      "with(mice(nhanes, m = 20, seed = 7), glm(I(hyp == 2) ~ age + chl, binomial))",
      with(imp_m20, glm(I(hyp == 2) ~ age + chl, family = binomial)))
  ),
  scalars = list(
    scalar_case("infinite-dfcom", "large-sample df: dfold = (m - 1)/lambda^2",
      c(1.10, 1.32, 0.97, 1.21, 1.05), c(0.040, 0.043, 0.038, 0.041, 0.045), Inf),
    scalar_case("no-between-variance", "identical estimates: b = 0, lambda floored at 1e-4 inside the df",
      rep(0.42, 4), c(0.010, 0.012, 0.011, 0.009), 50),
    scalar_case("two-imputations", "m = 2", c(2.5, 3.1), c(0.30, 0.28), 40),
    scalar_case("df-below-one", "dfcom = 2 and lambda near 1/2: Barnard-Rubin df = 0.58 (qt by bisection)",
      c(1, 1.35, 1.6, 1.05), c(0.1, 0.1, 0.1, 0.1), 2)
  )
))
