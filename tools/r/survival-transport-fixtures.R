# Reference fixture for carta's 3L+ → 2L transport of a time-to-event model
# (packages/ml/src/survival/survivalTransport.ts): the per-predictor effects per cohort and the
# predictor × cohort interaction tests, by survival::coxph, and the calibration intercept log(O/E).
#
# Writes packages/ml/test/fixtures/survival-transport.json:
#   data        Two synthetic cohorts (3L+ then 2L) with exponential event times (months, rounded
#               up to 0.1 month so that times tie): hazard 0.05·exp(0.8·x1 − 0.7·x2 + 0.5·[group b])
#               in 3L+, 0.025·exp(0.8·x1 + 0.5·[group b]) in 2L — x2's effect differs between the
#               cohorts, x1's and group's do not; x1 is shifted up 0.8 SD in 2L; noise and flag carry
#               no signal; x1 missing in about 4% of rows. Exponential censoring, administrative at 36.
#   adjusted    On the complete cases, numeric predictors (x1, x2, noise) standardised by their
#               pooled mean and SD (sd(), n − 1), flag as 0/1 and group as indicators of b and c vs a:
#               coxph(Surv(time, event) ~ all, ties = "efron") in each cohort — coefficient and
#               Wald limits coef ± qnorm(0.975)·se — and for each design column the pooled model
#               coxph(Surv ~ all + cohort + column:cohort) (cohort = 1 in 2L), the product's
#               coefficient and Wald p.
#   oneAtATime  The same for each feature alone, on the rows that have it, standardised over them.
#   calibrationIntercept
#               For a given risk by τ = 12 in the 2L rows (the 3L+ truth, so it over-predicts):
#               O = 1 − summary(survfit(Surv ~ 1), times = τ, extend = TRUE)$surv, E = mean risk,
#               log(O/E) and its SE std.err/O (Greenwood, delta method).
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/survival-transport-fixtures.R
# Needs R with the survival package. The fixture is committed, so the TypeScript tests never need R.

suppressPackageStartupMessages(library(survival))

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/survival-transport-fixtures.R")

source(file.path(dirname(script_path), "json-writer.R"))
# this fixture belongs to @carta/ml, not @carta/stats
fixture_dir <- file.path(normalizePath(file.path(dirname(script_path), "..", "..")), "packages", "ml", "test", "fixtures")
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

generated_by <- list(
  script = "tools/r/survival-transport-fixtures.R",
  rerun = "Rscript tools/r/survival-transport-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival"))
)

round8 <- function(x) signif(x, 8)
horizon <- 12

simulate_cohort <- function(n, x1_mean, base_hazard, x2_effect) {
  x1 <- round8(rnorm(n, x1_mean))
  x2 <- round8(rnorm(n))
  noise <- round8(rnorm(n, 3, 2))
  flag <- rbinom(n, 1, 0.4)
  group <- sample(c("a", "b", "c"), n, replace = TRUE)
  eta <- 0.8 * x1 + x2_effect * x2 + 0.5 * (group == "b")
  event_time <- rexp(n, base_hazard * exp(eta))
  censor_time <- pmin(rexp(n, 0.02), 36)
  time <- ceiling(pmin(event_time, censor_time) * 10) / 10
  event <- as.integer(event_time <= censor_time)
  x1[runif(n) < 0.04] <- NA
  data.frame(x1, x2, noise, flag, group, time, event, stringsAsFactors = FALSE)
}

set.seed(20261126)
dev <- simulate_cohort(320, 0, 0.05, -0.7)
tgt <- simulate_cohort(280, 0.8, 0.025, 0)
dev$cohort <- 0
tgt$cohort <- 1
both <- rbind(dev, tgt)

# The design as carta's standardizedDesign builds it, for the given features, on the rows that have them.
design <- function(d, features) {
  keep <- complete.cases(d[, features, drop = FALSE])
  d <- d[keep, ]
  cols <- list()
  for (f in features) {
    if (f == "group") {
      cols[["group=b"]] <- as.numeric(d$group == "b")
      cols[["group=c"]] <- as.numeric(d$group == "c")
    } else if (f == "flag") {
      cols[["flag"]] <- d$flag
    } else {
      cols[[f]] <- (d[[f]] - mean(d[[f]])) / sd(d[[f]])
    }
  }
  list(x = as.matrix(as.data.frame(cols, check.names = FALSE)), d = d, dropped = sum(!keep))
}

cohort_effects <- function(features) {
  des <- design(both, features)
  x <- des$x
  d <- des$d
  z <- qnorm(0.975)
  fit_in <- function(rows) {
    fit <- coxph(Surv(d$time[rows], d$event[rows]) ~ x[rows, , drop = FALSE], ties = "efron")
    co <- unname(coef(fit))
    se <- unname(sqrt(diag(vcov(fit))))
    list(estimate = arr(co), lower = arr(co - z * se), upper = arr(co + z * se))
  }
  interaction <- sapply(seq_len(ncol(x)), function(j) {
    product <- x[, j] * d$cohort
    fit <- coxph(Surv(d$time, d$event) ~ x + d$cohort + product, ties = "efron")
    s <- summary(fit)$coefficients
    c(s[nrow(s), "coef"], s[nrow(s), "Pr(>|z|)"])
  })
  list(
    names = arr(colnames(x)),
    nDevelopment = sum(d$cohort == 0),
    nTarget = sum(d$cohort == 1),
    droppedIncomplete = des$dropped,
    development = fit_in(d$cohort == 0),
    target = fit_in(d$cohort == 1),
    interaction = arr(interaction[1, ]),
    interactionP = arr(interaction[2, ])
  )
}

features <- c("x1", "x2", "noise", "flag", "group")

# The given risk by τ in 2L: the 3L+ truth (x1 taken as 0 where missing).
x1_or_0 <- ifelse(is.na(tgt$x1), 0, tgt$x1)
risk <- signif(1 - exp(-0.05 * horizon * exp(0.8 * x1_or_0 - 0.7 * tgt$x2 + 0.5 * (tgt$group == "b"))), 10)
km <- summary(survfit(Surv(tgt$time, tgt$event) ~ 1), times = horizon, extend = TRUE)
observed <- 1 - km$surv
expected <- mean(risk)

write_fixture("survival-transport.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "x1 null = missing; cohort 0 = 3L+ (development), 1 = 2L (target); effects are log hazard ratios;",
    "limits coef ± qnorm(0.975)·se; interaction = coefficient of column × cohort in the pooled model"
  ),
  horizon = horizon,
  data = list(
    x1 = arr(both$x1),
    x2 = arr(both$x2),
    noise = arr(both$noise),
    flag = arr(both$flag),
    group = arr(both$group),
    time = arr(both$time),
    event = arr(both$event),
    cohort = arr(both$cohort)
  ),
  adjusted = cohort_effects(features),
  oneAtATime = lapply(setNames(features, features), cohort_effects),
  calibrationIntercept = list(
    risk = arr(risk),
    observed = observed,
    expected = expected,
    estimate = log(observed / expected),
    stdErr = km$std.err / observed
  )
))
