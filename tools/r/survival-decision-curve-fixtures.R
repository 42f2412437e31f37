# Reference fixture for carta's decision curve of predicted risks by a horizon τ under censoring
# (packages/ml/src/survival/survivalDecisionCurve.ts; Vickers, Cronin, Elkin & Gönen, BMC Med Inform
# Decis Mak 2008;8:53): with π the share of patients whose predicted risk is ≥ p_t and S₊(τ) their
# Kaplan–Meier event-free probability at τ,
#   NB(p_t) = π·(1 − S₊(τ)) − π·S₊(τ)·p_t / (1 − p_t),
# "treat all" the same with π = 1 and everyone's Kaplan–Meier, and NB = 0 where nobody reaches p_t.
# S is summary(survfit(Surv ~ 1), times = τ, extend = TRUE)$surv, so past a subgroup's last
# follow-up its last value is carried forward.
#
# Writes packages/ml/test/fixtures/survival-decision-curve.json, a list of cases, each with the
# data (risk, time, event), the horizon, the thresholds and, per threshold, the number treated,
# S₊(τ) ("NA" where nobody is treated), the model's and treat-all's net benefit:
#   ties        60 patients, whole-month times with ties (events with events, events with
#               censorings, some exactly at τ = 12) and risks from seven values, so that several
#               thresholds equal a risk (≥ includes the ties); the lowest threshold treats
#               everyone and two thresholds exceed every risk.
#   carried     50 patients, continuous risks; the four highest-risk patients are followed less
#               than τ = 12 (one event, then censored), so S₊ is carried forward for the top-4
#               subgroup and is 1 for the top-2 (censored, no events); one threshold above every
#               risk. Also at τ = 0.5 (before the first event: S = 1 everywhere) and τ = 30 (past the
#               administrative censoring at 24, so everyone's curve is carried forward too).
#   dcurves     If the R package dcurves is installed, dca(Surv(time, event) ~ risk, time = τ)'s
#               net_benefit for "risk" and "all" (its NA where the follow-up stops before τ —
#               dcurves does not carry the curve forward — and where the prevalence cannot be
#               estimated the whole call fails and both are null); otherwise null.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/survival-decision-curve-fixtures.R
# Needs R with the survival package (dcurves optional). The fixture is committed, so the
# TypeScript tests never need R.

suppressPackageStartupMessages(library(survival))

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/survival-decision-curve-fixtures.R")

source(file.path(dirname(script_path), "json-writer.R"))
# this fixture belongs to @carta/ml, not @carta/stats
fixture_dir <- file.path(normalizePath(file.path(dirname(script_path), "..", "..")), "packages", "ml", "test", "fixtures")
dir.create(fixture_dir, recursive = TRUE, showWarnings = FALSE)

has_dcurves <- requireNamespace("dcurves", quietly = TRUE)

generated_by <- list(
  script = "tools/r/survival-decision-curve-fixtures.R",
  rerun = "Rscript tools/r/survival-decision-curve-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival")),
  dcurves = if (has_dcurves) as.character(packageVersion("dcurves")) else NULL
)

# Kaplan–Meier event-free probability at τ of the rows selected, carried forward past the last time.
event_free_at <- function(time, event, rows, horizon) {
  fit <- survfit(Surv(time[rows], event[rows]) ~ 1)
  s <- summary(fit, times = horizon, extend = TRUE)$surv
  if (length(s) != 1) stop("summary(survfit) gave ", length(s), " values at τ = ", horizon)
  s
}

dcurves_net_benefit <- function(d, horizon, thresholds) {
  if (!has_dcurves) return(NULL)
  res <- tryCatch(
    dcurves::dca(Surv(time, event) ~ risk, data = d, time = horizon, thresholds = thresholds)$dca,
    error = function(e) NULL
  )
  if (is.null(res)) return(list(model = NULL, treatAll = NULL))
  pick <- function(v) {
    rows <- res[res$variable == v, ]
    arr(rows$net_benefit[match(thresholds, rows$threshold)])
  }
  list(model = pick("risk"), treatAll = pick("all"))
}

decision_curve_case <- function(name, d, horizon, thresholds) {
  everyone <- rep(TRUE, nrow(d))
  s_all <- event_free_at(d$time, d$event, everyone, horizon)
  odds <- thresholds / (1 - thresholds)
  n_treated <- vapply(thresholds, function(p) sum(d$risk >= p), numeric(1))
  s_treated <- vapply(thresholds, function(p) {
    treated <- d$risk >= p
    if (!any(treated)) return(NA_real_)
    event_free_at(d$time, d$event, treated, horizon)
  }, numeric(1))
  share <- n_treated / nrow(d)
  model <- ifelse(n_treated == 0, 0, share * (1 - s_treated) - share * s_treated * odds)
  list(
    name = name,
    horizon = horizon,
    data = list(risk = arr(d$risk), time = arr(d$time), event = arr(d$event)),
    thresholds = arr(thresholds),
    nTreated = arr(n_treated),
    treatedEventFree = arr(s_treated),
    eventFreeAll = s_all,
    model = arr(model),
    treatAll = arr(1 - s_all - s_all * odds),
    dcurves = dcurves_net_benefit(d, horizon, thresholds)
  )
}

# ---- ties: whole-month times, risks from seven values ---------------------------------------------

set.seed(20261126)
n <- 60
risk_levels <- c(0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.6)
risk <- sample(risk_levels, n, replace = TRUE)
# event times roughly consistent with the risk by 12 months: 1 − exp(−12·h) = risk
hazard <- -log(1 - risk) / 12
event_time <- rexp(n, hazard)
censor_time <- pmin(rexp(n, 0.03), 24)
ties <- data.frame(
  risk = risk,
  time = pmax(1, ceiling(pmin(event_time, censor_time))),
  event = as.integer(event_time <= censor_time)
)
# make sure τ itself carries an event and a censoring, and an event shares a time with a censoring
ties$time[1:3] <- c(12, 12, 12)
ties$event[1:3] <- c(1, 1, 0)
ties$time[4:5] <- c(7, 7)
ties$event[4:5] <- c(1, 0)
stopifnot(any(duplicated(ties$time[ties$event == 1])))
ties_thresholds <- c(0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.45, 0.5, 0.55, 0.6, 0.65, 0.9)
stopifnot(sum(ties$risk >= 0.65) == 0, sum(ties$risk >= 0.05) == n)

# ---- carried: the highest risks are followed less than τ ------------------------------------------

n <- 50
x <- rnorm(n)
risk <- signif(1 - exp(-12 * 0.03 * exp(0.9 * x)), 8)
event_time <- rexp(n, 0.03 * exp(0.9 * x))
censor_time <- pmin(rexp(n, 0.02), 24)
carried <- data.frame(
  risk = risk,
  time = signif(pmin(event_time, censor_time), 6),
  event = as.integer(event_time <= censor_time)
)
top <- order(carried$risk, decreasing = TRUE)[1:4]
# top two: censored before τ without events (S₊ = 1); next two: an event at 2 and a censoring at 9
carried$time[top] <- c(5.5, 8, 2, 9)
carried$event[top] <- c(0, 0, 1, 0)
sorted_risk <- sort(carried$risk, decreasing = TRUE)
carried_thresholds <- c(
  0.05, 0.1, 0.2, 0.3, 0.4,
  (sorted_risk[4] + sorted_risk[5]) / 2, # exactly the top four
  (sorted_risk[2] + sorted_risk[3]) / 2, # exactly the top two
  min(0.99, (sorted_risk[1] + 1) / 2) # nobody
)
stopifnot(sorted_risk[1] < 0.99, max(carried$time) <= 24, min(carried$time[carried$event == 1]) > 0.5)

# ---- competing: status 0/1/2, the decision curve of cause 2 with cause 1 competing ---------------
# F₊ is cmprsk::cuminc's Aalen–Johansen incidence of the cause among the treated, read with
# timepoints() at min(τ, their last follow-up) (carried forward), 0 when none of them had the cause.

suppressPackageStartupMessages(library(cmprsk))

incidence_at <- function(time, status, rows, horizon, cause) {
  if (!any(status[rows] == cause)) return(0)
  fit <- cuminc(time[rows], status[rows], cencode = 0)
  est <- timepoints(fit, min(horizon, max(time[rows])))$est
  est[paste("1", cause), 1]
}

competing_case <- function(name, d, horizon, thresholds, cause) {
  everyone <- rep(TRUE, nrow(d))
  f_all <- incidence_at(d$time, d$status, everyone, horizon, cause)
  odds <- thresholds / (1 - thresholds)
  n_treated <- vapply(thresholds, function(p) sum(d$risk >= p), numeric(1))
  f_treated <- vapply(thresholds, function(p) {
    treated <- d$risk >= p
    if (!any(treated)) return(NA_real_)
    incidence_at(d$time, d$status, treated, horizon, cause)
  }, numeric(1))
  share <- n_treated / nrow(d)
  model <- ifelse(n_treated == 0, 0, share * f_treated - share * (1 - f_treated) * odds)
  list(
    name = name,
    horizon = horizon,
    cause = cause,
    data = list(risk = arr(d$risk), time = arr(d$time), status = arr(d$status)),
    thresholds = arr(thresholds),
    nTreated = arr(n_treated),
    model = arr(model),
    treatAll = arr(f_all - (1 - f_all) * odds)
  )
}

n <- 80
x <- rnorm(n)
t1 <- rexp(n, 0.04 * exp(0.5 * x))
t2 <- rexp(n, 0.02 * exp(-0.7 * x))
cens <- pmin(rexp(n, 0.02), 24)
competing <- data.frame(
  risk = signif(1 - exp(-12 * 0.02 * exp(-0.7 * x)), 8),
  time = signif(pmin(t1, t2, cens), 6),
  status = ifelse(pmin(t1, t2) <= cens, ifelse(t1 < t2, 1L, 2L), 0L)
)
stopifnot(sum(competing$status == 1) > 5, sum(competing$status == 2) > 5)
competing_thresholds <- c(0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.95)

write_fixture("survival-decision-curve.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "treated = risk >= threshold; S from summary(survfit(Surv(time, event) ~ 1), times = horizon,",
    "extend = TRUE); model = share·(1 − S₊) − share·S₊·p/(1 − p), 0 when nobody is treated",
    "(treatedEventFree NA); treatAll the same with everyone; dcurves null when not installed"
  ),
  cases = list(
    decision_curve_case("ties", ties, 12, ties_thresholds),
    decision_curve_case("carried", carried, 12, carried_thresholds),
    decision_curve_case("carried, horizon before the first event", carried, 0.5, carried_thresholds),
    decision_curve_case("carried, horizon past all follow-up", carried, 30, carried_thresholds)
  ),
  competing = list(
    competing_case("competing, cause 2 by 12", competing, 12, competing_thresholds, 2),
    competing_case("competing, cause 1 by 6", competing, 6, competing_thresholds, 1)
  )
))
