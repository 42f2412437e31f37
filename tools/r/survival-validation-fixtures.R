# Reference fixtures for carta's validation metrics of risk predictions for a time-to-event outcome:
# Harrell's and Uno's concordance (and survival's other time weightings), time-dependent AUC, the
# time-dependent Brier score with its null model and IPA, and the integrated Brier score.
#
# Writes, under packages/stats/test/fixtures/:
#   survival-validation-concordance.json
#       survival::concordance(Surv(time, status) ~ score, timewt =, ymax =, reverse =) on
#       survival::lung, pbc, veteran and colon with a Cox linear predictor as the score: every
#       timewt survival 3.5 offers ("n", "S", "S/G", "n/G2", "I"), with and without ymax, both
#       directions; plus a stratified, case-weighted run and a score with many ties (ph.ecog).
#   survival-validation-td.json
#       riskRegression::Score(list(model = risk), formula = Hist(time, status) ~ 1, times =,
#       metrics = c("auc", "brier"), summary = "ipa", cens.model = "km") on the same data sets with
#       the predicted risk 1 - S(t | x) of the Cox model at three horizons per data set (the first at
#       a time with tied events; veteran's 25 also has a censoring there, colon's 2191 four), standard
#       errors with conservative = FALSE (Score's default) and conservative = TRUE; plus AUC of the
#       linear predictor itself and of the tied ph.ecog score.
#   survival-validation-ibs.json
#       Score(..., metrics = "brier", summary = "ibs") on lung and veteran over a time grid from 0:
#       the Brier score at each grid time and riskRegression's integrated Brier score up to it.
#
# Scores and risks are rounded to 10 significant digits before R sees them, so the fixtures hold
# exactly the inputs R used in fewer characters.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/survival-validation-fixtures.R
# Needs R with survival, prodlim and riskRegression (Debian: r-cran-survival, r-cran-riskregression).
# The fixtures are committed, so the TypeScript tests never need R.

suppressPackageStartupMessages({
  library(survival)
  library(prodlim)
  library(riskRegression)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/survival-validation-fixtures.R")

# the shared JSON writer and write_fixture(), into packages/stats/test/fixtures
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/survival-validation-fixtures.R",
  rerun = "Rscript tools/r/survival-validation-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival")),
  prodlim = as.character(packageVersion("prodlim")),
  riskRegression = as.character(packageVersion("riskRegression"))
)

round10 <- function(x) signif(x, 10)

# ---- data sets: time, status (1 = event), a Cox linear predictor and predicted risks ------------

make_dataset <- function(name, source, data, formula, horizons) {
  fit <- coxph(formula, data = data, model = TRUE)
  y <- fit$y
  time <- as.numeric(y[, 1])
  status <- as.integer(y[, 2])
  lp <- round10(unname(predict(fit, type = "lp")))
  # risk of the event by each horizon, 1 - S(t | x), one row per horizon
  surv <- summary(survfit(fit, newdata = data), times = horizons)$surv
  risk <- round10(1 - surv)
  list(name = name, source = source, time = time, status = status, score = lp, horizons = horizons,
       risk = risk, data = data)
}

lung_data <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
lung_data$status <- lung_data$status - 1
pbc_data <- pbc[, c("time", "status", "age", "bili", "albumin", "edema")]
pbc_data$status <- as.integer(pbc_data$status == 2)
colon_data <- subset(colon, etype == 2)[, c("time", "status", "rx", "extent", "surg", "node4", "age")]

datasets <- list(
  make_dataset("lung", "survival::lung, complete cases of age, sex, ph.ecog; death",
               lung_data, Surv(time, status) ~ age + sex + ph.ecog, c(163, 365, 550)),
  make_dataset("pbc", "survival::pbc, all 418; death (status 2), transplant counted as censored",
               pbc_data, Surv(time, status) ~ age + log(bili) + albumin + edema, c(1191, 2000, 3000)),
  make_dataset("veteran", "survival::veteran; death",
               veteran, Surv(time, status) ~ trt + celltype + karno + age, c(25, 90, 180)),
  make_dataset("colon", "survival::colon, etype 2 (death)",
               colon_data, Surv(time, status) ~ rx + extent + surg + node4 + age, c(692, 1461, 2191))
)

input_of <- function(d) list(time = arr(d$time), event = arr(d$status), score = arr(d$score))

# ---- concordance --------------------------------------------------------------------------------

concordance_case <- function(time, status, x, timewt, ymax = NULL, reverse = TRUE, strata = NULL,
                             weights = NULL) {
  args <- list(timewt = timewt, reverse = reverse)
  if (!is.null(ymax)) args$ymax <- ymax
  df <- data.frame(time = time, status = status, x = x)
  if (is.null(strata)) {
    f <- Surv(time, status) ~ x
  } else {
    df$s <- strata
    f <- Surv(time, status) ~ x + strata(s)
  }
  if (!is.null(weights)) {
    df$w <- weights
    args$weights <- df$w
  }
  fit <- do.call(concordance, c(list(f, data = df), args))
  count <- if (is.matrix(fit$count)) colSums(fit$count) else fit$count
  list(
    timewt = timewt,
    ymax = ymax,
    reverse = reverse,
    concordance = unname(fit$concordance),
    variance = unname(fit$var),
    stdErr = sqrt(unname(fit$var)),
    counts = arr(unname(count[c("concordant", "discordant", "tied.x", "tied.y", "tied.xy")]))
  )
}

timewts <- c("n", "S", "S/G", "n/G2", "I")

concordance_sets <- lapply(datasets, function(d) {
  ymax <- d$horizons[2]
  cases <- list()
  for (tw in timewts) {
    cases[[length(cases) + 1]] <- concordance_case(d$time, d$status, d$score, tw)
    cases[[length(cases) + 1]] <- concordance_case(d$time, d$status, d$score, tw, ymax = ymax)
  }
  cases[[length(cases) + 1]] <- concordance_case(d$time, d$status, d$score, "n", reverse = FALSE)
  cases[[length(cases) + 1]] <- concordance_case(d$time, d$status, d$score, "n/G2", ymax = ymax,
                                                 reverse = FALSE)
  list(name = d$name, source = d$source, input = input_of(d), cases = cases)
})

# lung again: stratified by sex with case weights, and the tied ph.ecog score
lung_set <- datasets[[1]]
lung_weights <- 1 + (seq_along(lung_set$time) %% 3) / 2
lung_sex <- lung_set$data$sex
special_cases <- list()
for (tw in timewts) {
  special_cases[[length(special_cases) + 1]] <- c(
    list(name = paste0("lung-strata-weights-", tw)),
    concordance_case(lung_set$time, lung_set$status, lung_set$score, tw, ymax = 500, strata = lung_sex,
                     weights = lung_weights)
  )
}
ecog <- as.numeric(lung_set$data$ph.ecog)
for (tw in c("n", "n/G2")) {
  special_cases[[length(special_cases) + 1]] <- c(
    list(name = paste0("lung-ecog-", tw)),
    concordance_case(lung_set$time, lung_set$status, ecog, tw, ymax = 365)
  )
}

write_fixture("survival-validation-concordance.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "concordance(Surv(time, status) ~ score, timewt, ymax, reverse); variance = fit$var,",
    "stdErr = sqrt(var); counts = concordant, discordant, tied.x, tied.y, tied.xy (time-weighted)"
  ),
  datasets = concordance_sets,
  lung = list(
    input = list(time = arr(lung_set$time), event = arr(lung_set$status), score = arr(lung_set$score),
                 ecog = arr(ecog), sex = arr(lung_sex), weights = arr(lung_weights)),
    cases = special_cases
  )
))

# ---- time-dependent AUC, Brier score and IPA ----------------------------------------------------

score_frame <- function(d) data.frame(time = d$time, status = d$status)

# risk: n x H matrix of predicted risks, one column per horizon
score_td <- function(d, risk, times, metrics = c("auc", "brier"), conservative = FALSE,
                     summary = "ipa") {
  Score(list(model = risk), formula = Hist(time, status) ~ 1, data = score_frame(d), times = times,
        metrics = metrics, summary = summary, cens.model = "km", conservative = conservative,
        null.model = TRUE)
}

auc_of <- function(sc, sc_conservative) {
  a <- sc$AUC$score
  b <- sc_conservative$AUC$score
  list(auc = arr(a$AUC), stdErr = arr(a$se), lower = arr(a$lower), upper = arr(a$upper),
       conservativeStdErr = arr(b$se))
}

brier_of <- function(sc, sc_conservative, label) {
  a <- as.data.frame(sc$Brier$score)
  a <- a[a$model == label, ]
  b <- as.data.frame(sc_conservative$Brier$score)
  b <- b[b$model == label, ]
  list(brier = arr(a$Brier), stdErr = arr(a$se), lower = arr(a$lower), upper = arr(a$upper),
       conservativeStdErr = arr(b$se), ipa = arr(a$IPA))
}

td_sets <- lapply(datasets, function(d) {
  risk <- t(d$risk)
  sc <- score_td(d, risk, d$horizons)
  scc <- score_td(d, risk, d$horizons, conservative = TRUE)
  # the linear predictor as one score for every horizon (AUC only: it is not a probability)
  lp <- matrix(rep(d$score, length(d$horizons)), ncol = length(d$horizons))
  sl <- score_td(d, lp, d$horizons, metrics = "auc", summary = NULL)
  slc <- score_td(d, lp, d$horizons, metrics = "auc", summary = NULL, conservative = TRUE)
  list(
    name = d$name,
    source = d$source,
    input = c(input_of(d), list(horizons = arr(d$horizons),
                                riskAt = lapply(seq_along(d$horizons), function(h) arr(d$risk[h, ])))),
    auc = auc_of(sc, scc),
    brier = brier_of(sc, scc, "model"),
    nullBrier = brier_of(sc, scc, "Null model"),
    scoreAuc = auc_of(sl, slc)
  )
})

ecog_auc <- local({
  times <- c(163, 365)
  m <- matrix(rep(ecog, length(times)), ncol = length(times))
  list(horizons = arr(times),
       auc = auc_of(score_td(lung_set, m, times, metrics = "auc", summary = NULL),
                    score_td(lung_set, m, times, metrics = "auc", summary = NULL, conservative = TRUE)))
})

write_fixture("survival-validation-td.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "Score(list(model = risk), Hist(time, status) ~ 1, times, metrics = c('auc', 'brier'),",
    "summary = 'ipa', cens.model = 'km', null.model = TRUE); stdErr with conservative = FALSE,",
    "conservativeStdErr with conservative = TRUE; riskAt[h] = 1 - S(horizons[h] | x) from",
    "survfit(coxph); scoreAuc uses the linear predictor (score) at every horizon"
  ),
  datasets = td_sets,
  lungEcog = c(list(input = list(ecog = arr(ecog))), ecog_auc)
))

# ---- integrated Brier score ---------------------------------------------------------------------

ibs_case <- function(d, grid, formula) {
  fit <- coxph(formula, data = d$data, model = TRUE)
  risk <- round10(1 - summary(survfit(fit, newdata = d$data), times = grid)$surv)
  sc <- Score(list(model = t(risk)), formula = Hist(time, status) ~ 1, data = score_frame(d),
              times = grid, metrics = "brier", summary = "ibs", cens.model = "km", null.model = TRUE)
  s <- sc$Brier$score
  list(
    name = d$name,
    input = list(time = arr(d$time), event = arr(d$status), horizons = arr(grid),
                 riskAt = lapply(seq_along(grid), function(h) arr(risk[h, ]))),
    brier = arr(s[model == "model"]$Brier),
    ibs = arr(s[model == "model"]$IBS),
    nullBrier = arr(s[model == "Null model"]$Brier),
    nullIbs = arr(s[model == "Null model"]$IBS)
  )
}

write_fixture("survival-validation-ibs.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "Score(..., times = grid, metrics = 'brier', summary = 'ibs', cens.model = 'km'); IBS at",
    "each grid time t integrates the Brier score as a step function from 0 (Brier 0 on",
    "[0, first grid time)) to t and divides by t"
  ),
  datasets = list(
    ibs_case(datasets[[1]], seq(0, 720, by = 60), Surv(time, status) ~ age + sex + ph.ecog),
    ibs_case(datasets[[3]], c(seq(0, 150, by = 15), 200, 250, 300),
             Surv(time, status) ~ trt + celltype + karno + age)
  )
))
