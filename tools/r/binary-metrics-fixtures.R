# Reference fixtures for carta's logistic regression and binary-outcome validation metrics,
# computed by R itself.
#
# Writes, under packages/stats/test/fixtures:
#   logistic.json                 glm(family = binomial) on real data sets (MASS::birthwt, infert,
#                                 mtcars, survival::pbc, MASS::Pima.tr): the input data, summary()'s
#                                 coefficient table, confint.default(), deviances, AIC, iterations,
#                                 vcov(), fitted values; with case weights (integer, fractional and
#                                 zero), an offset with and without an intercept, and intercept-only
#                                 fits; predict() on new data; and data sets R fits with separation
#                                 (R only warns, or not even that) for carta's refusals.
#   binary-metrics.json           pROC (roc, ci.auc DeLong, var, roc.test paired DeLong), Brier score,
#                                 log loss, calibration-in-the-large and slope (glm), rms::val.prob,
#                                 lowess(p, y, iter = 0) and its approx() on a grid, decision-curve
#                                 net benefit by formula, on an external validation (Pima.tr → Pima.te)
#                                 and apparent validations with tied predictions.
#   binary-metrics-lowess.json    lowess() itself on datasets::cars, faithful, airquality, with
#                                 robustness iterations, spans and deltas.
#   binary-metrics-p-adjust.json  p.adjust(method = "BH" / "holm") with ties, NA and n > length(p);
#                                 seq() threshold grids.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/binary-metrics-fixtures.R
# Needs R with MASS, survival, pROC and rms (Debian: r-base-core r-cran-mass r-cran-survival, and
# pROC and rms from CRAN). The fixtures are committed, so the TypeScript tests never need R.

suppressPackageStartupMessages({
  library(MASS)
  library(survival)
  library(pROC)
  library(rms)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/binary-metrics-fixtures.R")

# the shared JSON writer and write_fixture(), into packages/stats/test/fixtures
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/binary-metrics-fixtures.R",
  rerun = "Rscript tools/r/binary-metrics-fixtures.R",
  r = R.version.string,
  MASS = as.character(packageVersion("MASS")),
  survival = as.character(packageVersion("survival")),
  pROC = as.character(packageVersion("pROC")),
  rms = as.character(packageVersion("rms"))
)

row_major <- function(m) arr(as.vector(t(unname(as.matrix(m)))))

capture_warnings <- function(expr) {
  messages <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    messages <<- c(messages, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = messages)
}

# ---- logistic regression ------------------------------------------------------------------------

# The design matrix without its intercept column, as carta takes it (intercept = TRUE adds one).
design_without_intercept <- function(fit) {
  x <- model.matrix(fit)
  x[, colnames(x) != "(Intercept)", drop = FALSE]
}

logistic_case <- function(name, source, formula, data, weights = NULL, aic_comparable = TRUE) {
  env <- environment()
  args <- list(formula = formula, family = binomial, data = data)
  if (!is.null(weights)) {
    data$.w <- weights
    args$data <- data
    args$weights <- quote(.w)
  }
  run <- capture_warnings(do.call(glm, args))
  fit <- run$value
  s <- summary(fit)
  x <- design_without_intercept(fit)
  ci <- confint.default(fit)
  offset <- model.offset(model.frame(fit))
  list(
    name = name,
    source = source,
    formula = paste(deparse(formula, width.cutoff = 500L), collapse = ""),
    input = list(
      y = arr(as.numeric(fit$y)),
      x = row_major(x),
      names = arr(colnames(x)),
      intercept = attr(terms(fit), "intercept") == 1,
      weights = if (is.null(weights)) NULL else arr(weights),
      offset = if (is.null(offset)) NULL else arr(offset)
    ),
    expected = list(
      names = arr(names(coef(fit))),
      coef = arr(unname(coef(fit))),
      se = arr(unname(s$coefficients[, "Std. Error"])),
      z = arr(unname(s$coefficients[, "z value"])),
      p = arr(unname(s$coefficients[, "Pr(>|z|)"])),
      ciLower = arr(unname(ci[, 1])),
      ciUpper = arr(unname(ci[, 2])),
      oddsRatio = arr(unname(exp(coef(fit)))),
      oddsRatioLower = arr(unname(exp(ci[, 1]))),
      oddsRatioUpper = arr(unname(exp(ci[, 2]))),
      deviance = fit$deviance,
      nullDeviance = fit$null.deviance,
      aic = fit$aic,
      aicComparable = aic_comparable,
      iterations = fit$iter,
      converged = fit$converged,
      dfResidual = fit$df.residual,
      dfNull = fit$df.null,
      vcov = row_major(vcov(fit)),
      fitted = arr(unname(fit$fitted.values)),
      linearPredictors = arr(unname(fit$linear.predictors)),
      warnings = arr(as.character(run$warnings))
    )
  )
}

bw <- birthwt
bw$race <- factor(bw$race, labels = c("white", "black", "other"))
n_bw <- nrow(bw)
integer_weights <- 1 + (seq_len(n_bw) %% 3)
fractional_weights <- 0.25 + (seq_len(n_bw) %% 7) / 4
zero_weights <- ifelse(seq_len(n_bw) %% 10 == 0, 0, 1)

inf <- infert
mt <- mtcars
pbc_data <- pbc[, c("time", "status", "age", "bili", "albumin")]
pbc_data$death <- as.numeric(pbc_data$status == 2)
pbc_data$log_years <- log(pbc_data$time / 365.25)
pima_train <- Pima.tr
pima_train$diabetes <- as.numeric(pima_train$type == "Yes")
pima_test <- Pima.te
pima_test$diabetes <- as.numeric(pima_test$type == "Yes")

birthwt_formula <- low ~ age + lwt + race + smoke + ptl + ht + ui + ftv
pima_formula <- diabetes ~ npreg + glu + bp + skin + bmi + ped + age
pima_reduced_formula <- diabetes ~ glu + bmi

logistic_cases <- list(
  logistic_case("birthwt", "MASS::birthwt (Hosmer & Lemeshow), race as a factor", birthwt_formula, bw),
  logistic_case(
    "birthwt-integer-weights", "MASS::birthwt, case weights 1 + (row %% 3)", birthwt_formula, bw,
    weights = integer_weights
  ),
  logistic_case(
    "birthwt-fractional-weights", "MASS::birthwt, case weights 0.25 + (row %% 7) / 4 (R rounds them inside its AIC)",
    birthwt_formula, bw,
    weights = fractional_weights, aic_comparable = FALSE
  ),
  logistic_case(
    "birthwt-zero-weights", "MASS::birthwt, every tenth row with weight 0", low ~ age + lwt + smoke + ht, bw,
    weights = zero_weights
  ),
  logistic_case("birthwt-intercept-only", "MASS::birthwt, intercept only", low ~ 1, bw),
  logistic_case(
    "infert", "datasets::infert (matched case-control data, fitted unconditionally)",
    case ~ spontaneous + induced + age + parity, inf
  ),
  logistic_case("mtcars-am", "datasets::mtcars, transmission on horsepower and weight", am ~ hp + wt, mt),
  logistic_case("mtcars-vs", "datasets::mtcars, engine shape on mpg", vs ~ mpg, mt),
  logistic_case(
    "pbc-offset", "survival::pbc, death on age, log(bili), albumin with offset log(years of follow-up)",
    death ~ age + log(bili) + albumin + offset(log_years), pbc_data
  ),
  logistic_case(
    "pbc-offset-no-intercept", "survival::pbc, no intercept, offset log(years of follow-up)",
    death ~ 0 + log(bili) + albumin + offset(log_years), pbc_data
  ),
  logistic_case("pima-train", "MASS::Pima.tr, the development model for the metrics", pima_formula, pima_train)
)

pima_fit <- glm(pima_formula, binomial, pima_train)
pima_test_x <- model.matrix(pima_formula, pima_test)[, -1]
prediction <- list(
  name = "pima-train-on-test",
  source = "the pima-train fit, predict(type = \"response\") on MASS::Pima.te",
  x = row_major(pima_test_x),
  linearPredictor = arr(unname(predict(pima_fit, pima_test, type = "link"))),
  probability = arr(unname(predict(pima_fit, pima_test, type = "response")))
)

# Data sets whose maximum-likelihood estimate does not exist; R fits them with warnings or silently.
separation_case <- function(name, source, y, x, names) {
  d <- data.frame(y = y, x)
  names(d) <- c("y", names)
  run <- capture_warnings(glm(y ~ ., binomial, d))
  fit <- run$value
  list(
    name = name,
    source = source,
    input = list(y = arr(as.numeric(y)), x = row_major(as.matrix(x)), names = arr(names)),
    r = list(
      coef = arr(unname(coef(fit))),
      se = arr(unname(summary(fit)$coefficients[, "Std. Error"])),
      iterations = fit$iter,
      converged = fit$converged,
      warnings = arr(as.character(run$warnings))
    )
  )
}

quasi_group <- c(rep(1, 5), rep(0, 10))
separation_cases <- list(
  separation_case(
    "complete-dose", "constructed: y = 1 exactly when dose > 5",
    as.numeric(1:10 > 5), data.frame(dose = as.numeric(1:10)), "dose"
  ),
  separation_case(
    "quasi-complete-group", "constructed: every member of group 1 has the event; R converges without a warning",
    c(rep(1, 5), rep(c(0, 1), 5)), data.frame(group = quasi_group, score = (1:15) / 3), c("group", "score")
  ),
  separation_case(
    "mtcars-am-mpg-wt-hp-disp-qsec", "datasets::mtcars, am on five predictors: separable",
    mtcars$am, mtcars[, c("mpg", "wt", "hp", "disp", "qsec")], c("mpg", "wt", "hp", "disp", "qsec")
  )
)

write_fixture("logistic.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "x is the design matrix without the intercept column, row-major;",
    "expected.* follow names (with \"(Intercept)\" first when intercept);",
    "ci* are confint.default() (Wald, coef + qnorm(c(0.025, 0.975)) * se); vcov row-major"
  ),
  cases = logistic_cases,
  prediction = prediction,
  separation = separation_cases
))

# ---- binary-outcome metrics ---------------------------------------------------------------------

calibration_grid <- seq(0.05, 0.95, by = 0.05)
dca_thresholds <- seq(0.01, 0.99, by = 0.01)

net_benefit <- function(p, y, t) {
  n <- length(y)
  tp <- sum(p >= t & y == 1)
  fp <- sum(p >= t & y == 0)
  tp / n - fp / n * (t / (1 - t))
}

metrics_case <- function(name, source, y, p, p2) {
  roc1 <- roc(y, p, levels = c(0, 1), direction = "<", quiet = TRUE)
  roc2 <- roc(y, p2, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci1 <- ci.auc(roc1, method = "delong")
  ci2 <- ci.auc(roc2, method = "delong")
  ci1_90 <- ci.auc(roc1, method = "delong", conf.level = 0.9)
  test <- roc.test(roc1, roc2, method = "delong", paired = TRUE)
  logit <- qlogis(p)
  citl <- glm(y ~ offset(logit), family = binomial)
  slope_fit <- glm(y ~ logit, family = binomial)
  vp <- capture_warnings(val.prob(p, y, pl = FALSE))$value
  sm <- lowess(p, y, iter = 0)
  on_grid <- approx(sm, xout = calibration_grid, ties = mean)$y
  prevalence <- mean(y)
  list(
    name = name,
    source = source,
    input = list(outcome = arr(y), predicted = arr(p), predicted2 = arr(p2)),
    auc = list(
      auc = as.numeric(auc(roc1)),
      variance = var(roc1, method = "delong"),
      lower = ci1[1],
      upper = ci1[3],
      lower90 = ci1_90[1],
      upper90 = ci1_90[3],
      auc2 = as.numeric(auc(roc2)),
      variance2 = var(roc2, method = "delong"),
      lower2 = ci2[1],
      upper2 = ci2[3]
    ),
    delongTest = list(
      z = unname(test$statistic),
      p = test$p.value,
      lower = test$conf.int[1],
      upper = test$conf.int[2]
    ),
    brier = mean((p - y)^2),
    logLoss = -mean(y * log(p) + (1 - y) * log(1 - p)),
    calibration = list(
      citlIntercept = unname(coef(citl)[1]),
      citlInterceptSe = unname(summary(citl)$coefficients[1, "Std. Error"]),
      interceptWithSlope = unname(coef(slope_fit)[1]),
      interceptWithSlopeSe = unname(summary(slope_fit)$coefficients[1, "Std. Error"]),
      slope = unname(coef(slope_fit)[2]),
      slopeSe = unname(summary(slope_fit)$coefficients[2, "Std. Error"])
    ),
    valProb = list(
      brier = unname(vp["Brier"]),
      intercept = unname(vp["Intercept"]),
      slope = unname(vp["Slope"]),
      eavg = unname(vp["Eavg"]),
      emax = unname(vp["Emax"]),
      e90 = unname(vp["E90"])
    ),
    lowess = list(x = arr(sm$x), y = arr(sm$y)),
    curveGrid = list(grid = arr(calibration_grid), observed = arr(on_grid)),
    decisionCurve = list(
      thresholds = arr(dca_thresholds),
      netBenefit = arr(vapply(dca_thresholds, function(t) net_benefit(p, y, t), numeric(1))),
      treatAll = arr(prevalence - (1 - prevalence) * dca_thresholds / (1 - dca_thresholds))
    )
  )
}

pima_reduced_fit <- glm(pima_reduced_formula, binomial, pima_train)
bw_fit <- glm(birthwt_formula, binomial, bw)
bw_coarse_fit <- glm(low ~ smoke + ht + ui, binomial, bw)
inf_fit <- glm(case ~ spontaneous + induced, binomial, inf)
inf_big_fit <- glm(case ~ spontaneous + induced + age + parity + education, binomial, inf)

write_fixture("binary-metrics.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "roc(outcome, predicted, levels = c(0, 1), direction = \"<\"); ci.auc(method = \"delong\");",
    "roc.test(method = \"delong\", paired = TRUE) of predicted against predicted2;",
    "calibration by glm(y ~ offset(qlogis(p))) and glm(y ~ qlogis(p)); lowess(p, y, iter = 0) as",
    "rms::val.prob; curveGrid by approx(lowess, xout = grid, ties = mean) (NA outside the range of p);",
    "net benefit tp/n - fp/n * t/(1 - t) with p >= t treated; treatAll prevalence - (1 - prevalence) * t/(1 - t)"
  ),
  cases = list(
    metrics_case(
      "pima-external", "MASS::Pima.te scored by logistic models fitted on MASS::Pima.tr (full vs glu + bmi)",
      pima_test$diabetes, unname(predict(pima_fit, pima_test, type = "response")),
      unname(predict(pima_reduced_fit, pima_test, type = "response"))
    ),
    metrics_case(
      "birthwt-apparent-ties", "MASS::birthwt, apparent: full model vs smoke + ht + ui (8 distinct predictions)",
      bw$low, unname(fitted(bw_fit)), unname(fitted(bw_coarse_fit))
    ),
    metrics_case(
      "infert-apparent", "datasets::infert, apparent: spontaneous + induced vs adding age, parity, education",
      inf$case, unname(fitted(inf_fit)), unname(fitted(inf_big_fit))
    )
  )
))

# ---- lowess -------------------------------------------------------------------------------------

lowess_case <- function(name, source, x, y, f = 2 / 3, iter = 3L, delta = 0.01 * diff(range(x))) {
  out <- lowess(x, y, f = f, iter = iter, delta = delta)
  list(
    name = name,
    source = source,
    input = list(x = arr(x), y = arr(y)),
    f = f,
    iter = iter,
    delta = delta,
    expected = list(x = arr(out$x), y = arr(out$y))
  )
}

aq <- airquality[complete.cases(airquality[, c("Ozone", "Temp")]), ]
lowess_cases <- list(
  lowess_case("cars-default", "datasets::cars, lowess(speed, dist) as in ?lowess", cars$speed, cars$dist),
  lowess_case("cars-f-0.2", "datasets::cars, f = 0.2", cars$speed, cars$dist, f = 0.2),
  lowess_case("cars-f-0.58", "datasets::cars, f = 0.58: f * n = 28.999999999999996, where the 1e-7 fuzz makes ns = 29",
    cars$speed, cars$dist,
    f = 0.58
  ),
  lowess_case("cars-iter-0-delta-0", "datasets::cars, no robustness iterations, delta = 0", cars$speed, cars$dist,
    iter = 0L, delta = 0
  ),
  lowess_case("faithful-default", "datasets::faithful, eruptions on waiting (n = 272, many ties)",
    faithful$waiting, faithful$eruptions
  ),
  lowess_case("faithful-delta-large", "datasets::faithful, delta = 10% of the range (interpolated points)",
    faithful$waiting, faithful$eruptions,
    delta = 0.1 * diff(range(faithful$waiting))
  ),
  lowess_case("airquality-ozone-temp", "datasets::airquality, Ozone on Temp, complete cases (n = 116), iter = 5",
    aq$Temp, aq$Ozone,
    iter = 5L
  ),
  lowess_case("airquality-unsorted-f-0.3", "datasets::airquality, Temp on Ozone in data order, f = 0.3",
    aq$Ozone, aq$Temp,
    f = 0.3
  ),
  lowess_case("exact-line", "constructed: y = 2x + 1 exactly (residual scale 0 stops the robustness iterations)",
    as.numeric(1:25), 2 * (1:25) + 1
  ),
  lowess_case("two-points", "constructed: n = 2", c(3, 1), c(5, 2))
)

write_fixture("binary-metrics-lowess.json", list(
  generatedBy = generated_by,
  conventions = "lowess(x, y, f, iter, delta): expected.x is x sorted (stable), expected.y the fit",
  cases = lowess_cases
))

# ---- p.adjust and threshold grids ---------------------------------------------------------------

set.seed(20240611)
uniform_p <- round(runif(20)^3, 6)
padjust_case <- function(name, p, n = NULL) {
  adj <- function(method) if (is.null(n)) p.adjust(p, method) else p.adjust(p, method, n = n)
  list(name = name, p = arr(p), n = n, BH = arr(adj("BH")), holm = arr(adj("holm")))
}
padjust_cases <- list(
  padjust_case("uniform-cubed-20", uniform_p),
  padjust_case("ties", c(0.01, 0.04, 0.04, 0.04, 0.2, 0.01, 0.5, 0.03, 0.03, 1)),
  padjust_case("with-na", c(0.02, NA, 0.001, 0.3, NA, 0.04, 0.04)),
  padjust_case("n-larger", c(0.001, 0.01, 0.02, 0.2), n = 10),
  padjust_case("na-and-n-larger", c(0.001, NA, 0.02, 0.2), n = 6),
  padjust_case("zeros-and-ones", c(0, 0, 1, 0.5, 1, 0.0001)),
  padjust_case("single", c(0.03)),
  padjust_case("pair", c(0.03, 0.02)),
  padjust_case("table-of-coefficients", summary(bw_fit)$coefficients[, "Pr(>|z|)"])
)

sequence_case <- function(from, to, by) list(from = from, to = to, by = by, values = arr(seq(from, to, by = by)))

write_fixture("binary-metrics-p-adjust.json", list(
  generatedBy = generated_by,
  conventions = "p.adjust(p, method, n); NA in p is \"NA\"; sequences are seq(from, to, by = by)",
  cases = padjust_cases,
  sequences = list(
    sequence_case(0.05, 0.5, 0.05),
    sequence_case(0.01, 0.99, 0.01),
    sequence_case(0.1, 0.9, 0.1),
    sequence_case(0, 0.3, 0.02),
    sequence_case(0.05, 0.5, 0.1),
    sequence_case(0.2, 0.2, 0.05)
  )
))
