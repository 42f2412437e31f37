# Reference fixtures for carta's competing-risks prediction building blocks (packages/ml/src/competing):
# the cause-specific Cox absolute risk and the performance of predicted absolute risks of cause 1.
#
# Writes, under packages/ml/test/fixtures/:
#   competing-csc.json
#       riskRegression::CSC(Hist(time, status) ~ x1 + x2 + x3, ties = "breslow") on a synthetic
#       competing-risks cohort (status 1 = relapse, 2 = NRM, 0 = censored; times on a half-month grid
#       so that events of both causes, and censorings, tie): each cause's coefficients, and
#       predictRisk(fit, newdata, times, cause, product.limit = FALSE) — the absolute risk
#       F_k(t | x) = Σ_{s ≤ t} exp(−Λ₁(s−|x) − Λ₂(s−|x))·dΛ_k(s|x) with Breslow baselines — for
#       both causes at three horizons, on the training rows and on new rows.
#   competing-score.json
#       On a second synthetic cohort with a given predicted risk of cause 1 by τ:
#       riskRegression::Score(list(model = risk), Hist(time, status) ~ 1, times = τ, cause = 1,
#       metrics = c("auc", "brier"), summary = "ipa", cens.model = "km") — the IPCW AUC (controls:
#       event-free after τ, or the competing event by τ), Brier score, the null model's Brier score
#       (Aalen–Johansen) and IPA, and the standard errors of AUC and Brier with conservative = TRUE;
#       Wolbers' concordance truncated at τ as survival::concordance(Surv(t*, status == 1) ~ risk,
#       reverse = TRUE, ymax = τ) with the competing events' times t* moved past all follow-up
#       (Wolbers et al., Epidemiology 2009;20:555: competing events stay in every risk set); and
#       cmprsk::cuminc of cause 1 at τ in the ten risk groups of ordered predicted risk, with their
#       mean predicted risk.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/competing-ml-fixtures.R
# Needs R with survival, cmprsk, prodlim and riskRegression. The fixtures are committed, so the
# TypeScript tests never need R.

suppressPackageStartupMessages({
  library(survival)
  library(cmprsk)
  library(prodlim)
  library(riskRegression)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/competing-ml-fixtures.R")

source(file.path(dirname(script_path), "json-writer.R"))
# these fixtures belong to @carta/ml, not @carta/stats
fixture_dir <- file.path(normalizePath(file.path(dirname(script_path), "..", "..")), "packages", "ml", "test", "fixtures")
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

generated_by <- list(
  script = "tools/r/competing-ml-fixtures.R",
  rerun = "Rscript tools/r/competing-ml-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival")),
  cmprsk = as.character(packageVersion("cmprsk")),
  prodlim = as.character(packageVersion("prodlim")),
  riskRegression = as.character(packageVersion("riskRegression"))
)

round10 <- function(x) signif(x, 10)

# Exponential cause-specific hazards (per month): relapse rises with x1 and falls with x3, NRM falls
# with x1 and rises with x2; uniform censoring; times rounded up to the half month (ties).
simulate_cohort <- function(n, seed) {
  set.seed(seed)
  x1 <- round10(rnorm(n))
  x2 <- round10(rnorm(n))
  x3 <- rbinom(n, 1, 0.4)
  t1 <- rexp(n, 0.02 * exp(0.7 * x1 - 0.5 * x3))
  t2 <- rexp(n, 0.01 * exp(-0.4 * x1 + 0.6 * x2))
  cens <- runif(n, 6, 48)
  t <- pmin(t1, t2, cens)
  status <- ifelse(t == cens, 0L, ifelse(t == t1, 1L, 2L))
  data.frame(time = ceiling(t * 2) / 2, status = status, x1 = x1, x2 = x2, x3 = x3)
}

# ---- cause-specific Cox absolute risk -----------------------------------------------------------

train <- simulate_cohort(160, 20261126)
newdata <- simulate_cohort(12, 7)[, c("x1", "x2", "x3")]
horizons <- c(6, 12, 24)

csc <- CSC(Hist(time, status) ~ x1 + x2 + x3, data = train, ties = "breslow")
risk_of <- function(nd, cause) {
  r <- predictRisk(csc, newdata = nd, times = horizons, cause = cause, product.limit = FALSE)
  lapply(seq_along(horizons), function(h) arr(unname(r[, h])))
}

write_fixture("competing-csc.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "CSC(Hist(time, status) ~ x1 + x2 + x3, ties = 'breslow'); risk[h] = predictRisk(fit, newdata,",
    "times = horizons, cause, product.limit = FALSE)[, h]; coefficients in x1, x2, x3 order"
  ),
  train = list(time = arr(train$time), status = arr(train$status), x1 = arr(train$x1),
               x2 = arr(train$x2), x3 = arr(train$x3)),
  newdata = list(x1 = arr(newdata$x1), x2 = arr(newdata$x2), x3 = arr(newdata$x3)),
  horizons = arr(horizons),
  causes = list(
    list(cause = 1, coefficients = arr(unname(coef(csc$models[[1]]))),
         trainRisk = risk_of(train, 1), newRisk = risk_of(newdata, 1)),
    list(cause = 2, coefficients = arr(unname(coef(csc$models[[2]]))),
         trainRisk = risk_of(train, 2), newRisk = risk_of(newdata, 2))
  )
))

# ---- performance of the predicted risk of cause 1 by tau ----------------------------------------

valid <- simulate_cohort(300, 99)
tau <- 12
valid_risk <- round10(predictRisk(csc, newdata = valid, times = tau, cause = 1, product.limit = FALSE)[, 1])
# a coarse score with many tied risks, for the tie conventions of the AUC and the C
coarse_risk <- round(valid_risk * 20) / 20

score_case <- function(name, risk, horizon) {
  sc <- Score(list(model = risk), formula = Hist(time, status) ~ 1, data = valid, times = horizon,
              cause = 1, metrics = c("auc", "brier"), summary = "ipa", cens.model = "km",
              null.model = TRUE, se.fit = FALSE)
  auc <- sc$AUC$score
  brier <- sc$Brier$score
  # standard errors with the censoring distribution treated as known (conservative = TRUE)
  se <- Score(list(model = risk), formula = Hist(time, status) ~ 1, data = valid, times = horizon,
              cause = 1, metrics = c("auc", "brier"), cens.model = "km", null.model = FALSE,
              se.fit = TRUE, conservative = TRUE)
  star <- ifelse(valid$status == 2, max(valid$time) + 1, valid$time)
  conc <- concordance(Surv(star, as.integer(valid$status == 1)) ~ risk, reverse = TRUE, ymax = horizon)
  # ten groups of 30 by ordered risk (no ties in the fine risk), cause-1 cuminc at tau in each
  groups <- NULL
  if (length(unique(risk)) == length(risk)) {
    ord <- order(risk)
    gid <- integer(length(risk))
    gid[ord] <- rep(1:10, each = length(risk) / 10)
    groups <- lapply(1:10, function(g) {
      members <- gid == g
      ci <- cuminc(valid$time[members], valid$status[members], cencode = 0)
      list(
        meanPredicted = mean(risk[members]),
        observed = unname(timepoints(ci, horizon)$est["1 1", 1]),
        n = sum(members)
      )
    })
  }
  list(
    name = name,
    horizon = horizon,
    risk = arr(risk),
    auc = auc[model == "model"]$AUC,
    aucStdErr = se$AUC$score[model == "model"]$se,
    brier = brier[model == "model"]$Brier,
    brierStdErr = se$Brier$score[model == "model"]$se,
    nullBrier = brier[model == "Null model"]$Brier,
    ipa = brier[model == "model"]$IPA,
    concordance = unname(conc$concordance),
    concordanceCounts = arr(unname(conc$count[c("concordant", "discordant", "tied.x", "tied.y")])),
    calibrationGroups = groups
  )
}

write_fixture("competing-score.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "Score(list(model = risk), Hist(time, status) ~ 1, times = horizon, cause = 1, metrics = c('auc',",
    "'brier'), summary = 'ipa', cens.model = 'km'); concordance(Surv(t*, status == 1) ~ risk,",
    "reverse = TRUE, ymax = horizon) with t* = max(time) + 1 for status 2; groups: cuminc at horizon"
  ),
  time = arr(valid$time),
  status = arr(valid$status),
  cases = list(
    score_case("csc-risk-12", valid_risk, tau),
    score_case("csc-risk-at-6", valid_risk, 6),
    score_case("coarse-risk-12", coarse_risk, tau)
  )
))
