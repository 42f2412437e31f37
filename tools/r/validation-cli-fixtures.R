# Reference output for the validation and penalised-regression commands of the carta CLI
# (`carta stats concordance | td-auc | auc | brier | logloss | calibration | dca | glmnet`), computed by
# R on CSV files made from R's own data sets.
#
# Writes packages/stats/test/fixtures/validation-cli.json: the CSV files (write.csv text) and, for each
# case, the command's arguments and the JSON fields R computes for them on the same text read back with
# read.csv. packages/cli/test/stats.test.ts runs each case in-process and compares.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/validation-cli-fixtures.R
# Needs R with survival, riskRegression, pROC, MASS and glmnet (Debian: r-base-core r-cran-survival
# r-cran-riskregression r-cran-proc r-cran-mass r-cran-glmnet). CI never needs R.

suppressPackageStartupMessages({
  library(survival)
  library(riskRegression)
  library(pROC)
  library(MASS)
  library(glmnet)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/validation-cli-fixtures.R")
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/validation-cli-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival")),
  riskRegression = as.character(packageVersion("riskRegression")),
  pROC = as.character(packageVersion("pROC")),
  glmnet = as.character(packageVersion("glmnet"))
)

csv_text <- function(df) {
  con <- textConnection("lines", "w", local = TRUE)
  write.csv(df, con, row.names = FALSE, na = "")
  close(con)
  paste0(paste(lines, collapse = "\n"), "\n")
}
read_back <- function(text) read.csv(text = text, na.strings = c("", "NA"), stringsAsFactors = TRUE)
cli_case <- function(name, file, args, expected) {
  list(name = name, file = file, args = arr(args), expected = expected)
}

# ---- survival: a Cox score on lung, its 1-year risk ------------------------------------------------

lung0 <- transform(survival::lung, status = status - 1)
fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung0)
has_x <- complete.cases(lung0[, c("age", "sex", "ph.ecog")])
lung_scores <- data.frame(time = lung0$time, status = lung0$status, lp = NA_real_, risk365 = NA_real_)
lung_scores$lp[has_x] <- predict(fit, newdata = lung0[has_x, ], type = "lp")
surv365 <- summary(survfit(fit, newdata = lung0[has_x, ]), times = 365)$surv
lung_scores$risk365[has_x] <- 1 - as.vector(surv365)

# ---- binary: a logistic model fitted on Pima.tr, scored on Pima.te ----------------------------------

pima_fit <- glm(type ~ npreg + glu + bmi + ped + age, family = binomial, data = Pima.tr)
pima <- data.frame(
  diabetes = as.integer(Pima.te$type == "Yes"),
  risk = predict(pima_fit, newdata = Pima.te, type = "response"),
  glu = Pima.te$glu,
  bmi = Pima.te$bmi,
  age = Pima.te$age,
  npreg_group = cut(Pima.te$npreg, c(-1, 1, 5, 20), labels = c("0-1", "2-5", "6+"))
)
pima$npreg_group <- as.character(pima$npreg_group)
# A few missing predictions, so that rows are dropped and counted.
pima$risk[c(3, 50, 101)] <- NA

# ---- elastic net: birthwt (binomial) and veteran (Cox), with a fold column for cross-validation ----------

bw <- MASS::birthwt[, c("low", "age", "lwt", "race", "smoke", "ptl", "ht", "ui", "ftv")]
set.seed(20261126)
bw$fold <- sample(rep(1:5, length.out = nrow(bw)))
vet <- transform(survival::veteran, celltype = as.character(celltype))
vet$fold <- sample(rep(1:4, length.out = nrow(vet)))

files <- list(
  "lung-scores.csv" = csv_text(lung_scores),
  "pima-risk.csv" = csv_text(pima),
  "birthwt.csv" = csv_text(bw),
  "veteran-folds.csv" = csv_text(vet)
)
tables <- lapply(files, read_back)

# ---- expected outputs -------------------------------------------------------------------------------

concordance_expected <- function(d, method, horizon = NULL) {
  d <- d[complete.cases(d[, c("time", "status", "lp")]), ]
  c <- concordance(
    Surv(time, status) ~ lp, data = d, reverse = TRUE,
    timewt = if (method == "uno") "n/G2" else "n",
    ymax = horizon
  )
  list(
    n = nrow(d), n_dropped = nrow(lung_scores) - nrow(d),
    concordance = unname(c$concordance), std_err = sqrt(unname(c$var))
  )
}

td_expected <- function(d, horizon) {
  d <- d[complete.cases(d[, c("time", "status", "risk365")]), ]
  s <- Score(
    list(model = d$risk365), formula = Hist(time, status) ~ 1, data = d, times = horizon,
    metrics = c("auc", "brier"), cens.model = "km", null.model = TRUE
  )
  auc <- as.data.frame(s$AUC$score)
  brier <- as.data.frame(s$Brier$score)
  model_brier <- brier[brier$model == "model", ]
  null_brier <- brier[brier$model == "Null model", ]
  list(
    n = nrow(d), n_dropped = nrow(lung_scores) - nrow(d),
    auc = auc$AUC, auc_std_err = auc$se, auc_lower = auc$lower, auc_upper = auc$upper,
    brier = model_brier$Brier, brier_std_err = model_brier$se, brier_null_model = null_brier$Brier
  )
}

binary_rows <- function(d) d[complete.cases(d[, c("diabetes", "risk")]), ]

auc_expected <- function(d) {
  d <- binary_rows(d)
  r <- roc(d$diabetes, d$risk, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong", conf.level = 0.95)
  list(n = nrow(d), n_dropped = nrow(pima) - nrow(d), auc = as.numeric(ci[2]), lower = ci[1], upper = ci[3])
}

brier_expected <- function(d) {
  d <- binary_rows(d)
  list(n = nrow(d), brier = mean((d$risk - d$diabetes)^2))
}

logloss_expected <- function(d) {
  d <- binary_rows(d)
  list(n = nrow(d), log_loss = -mean(d$diabetes * log(d$risk) + (1 - d$diabetes) * log(1 - d$risk)))
}

calibration_expected <- function(d) {
  d <- binary_rows(d)
  lp <- qlogis(d$risk)
  citl <- glm(d$diabetes ~ 1 + offset(lp), family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  slope <- glm(d$diabetes ~ lp, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  list(
    n = nrow(d),
    citl_intercept = unname(coef(citl)[1]),
    slope = unname(coef(slope)[2]),
    intercept_with_slope = unname(coef(slope)[1])
  )
}

dca_expected <- function(d, thresholds) {
  d <- binary_rows(d)
  n <- nrow(d)
  prevalence <- mean(d$diabetes)
  nb <- sapply(thresholds, function(t) {
    treated <- d$risk >= t
    sum(treated & d$diabetes == 1) / n - sum(treated & d$diabetes == 0) / n * t / (1 - t)
  })
  list(
    threshold = arr(thresholds),
    net_benefit = arr(nb),
    net_benefit_treat_all = arr(prevalence - (1 - prevalence) * thresholds / (1 - thresholds))
  )
}

logistic_expected <- function(d, covariates) {
  d <- d[complete.cases(d[, c("diabetes", covariates)]), ]
  f <- glm(reformulate(covariates, "diabetes"), family = binomial, data = d)
  s <- summary(f)$coefficients
  z <- qnorm(0.975)
  coefficients <- lapply(seq_len(nrow(s)), function(j) list(
    name = rownames(s)[j], coef = s[j, 1], se = s[j, 2], z = s[j, 3], p = s[j, 4],
    lower = s[j, 1] - z * s[j, 2], upper = s[j, 1] + z * s[j, 2],
    or = exp(s[j, 1]), or_lower = exp(s[j, 1] - z * s[j, 2]), or_upper = exp(s[j, 1] + z * s[j, 2])
  ))
  list(
    n = nrow(d), n_dropped = nrow(pima) - nrow(d), coefficients = coefficients,
    deviance = deviance(f), null_deviance = f$null.deviance, aic = AIC(f), iterations = f$iter
  )
}

# glmnet solved as tightly as it goes (thresh 1e-14): within 1e-6 of a KKT-verified solution on these
# p < n data sets (tools/r/glmnet-fixtures.R shows it), the CLI's tolerance for coefficients.
glmnet_expected <- function(d, family, formula_x, alpha, lambda, outcome = NULL, foldid = FALSE) {
  x <- model.matrix(formula_x, data = d)[, -1, drop = FALSE]
  y <- if (family == "binomial") d[[outcome]] else Surv(d$time, d$status)
  fit <- glmnet(x, y, family = family, alpha = alpha, lambda = lambda, thresh = 1e-14, maxit = 1e7)
  b <- as.matrix(coef(fit))
  coefficients <- lapply(seq_len(ncol(b)), function(l) as.list(setNames(b[, l], rownames(b))))
  out <- list(n = nrow(x), lambda = arr(fit$lambda), coefficients = coefficients)
  if (foldid) {
    cv <- cv.glmnet(x, y, family = family, alpha = alpha, lambda = lambda, foldid = d$fold,
      thresh = 1e-14, maxit = 1e7)
    out$cv <- list(cvm = arr(cv$cvm), cvsd = arr(cv$cvsd), lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se)
  }
  out
}

lung_t <- tables[["lung-scores.csv"]]
pima_t <- tables[["pima-risk.csv"]]
survival_args <- c("--time", "time", "--event", "status")

cli_cases <- list(
  cli_case("concordance-harrell", "lung-scores.csv",
    c("concordance", survival_args, "--score", "lp"), concordance_expected(lung_t, "harrell")),
  cli_case("concordance-harrell-365", "lung-scores.csv",
    c("concordance", survival_args, "--score", "lp", "--horizon", "365"),
    concordance_expected(lung_t, "harrell", 365)),
  cli_case("concordance-uno-365", "lung-scores.csv",
    c("concordance", survival_args, "--score", "lp", "--method", "uno", "--horizon", "365"),
    concordance_expected(lung_t, "uno", 365)),
  cli_case("td-auc-365", "lung-scores.csv",
    c("td-auc", survival_args, "--score", "risk365", "--horizon", "365"), td_expected(lung_t, 365)),
  cli_case("td-auc-200", "lung-scores.csv",
    c("td-auc", survival_args, "--score", "risk365", "--horizon", "200"), td_expected(lung_t, 200)),
  cli_case("auc-pima", "pima-risk.csv",
    c("auc", "--label", "diabetes", "--score", "risk"), auc_expected(pima_t)),
  cli_case("brier-pima", "pima-risk.csv",
    c("brier", "--label", "diabetes", "--score", "risk"), brier_expected(pima_t)),
  cli_case("logloss-pima", "pima-risk.csv",
    c("logloss", "--label", "diabetes", "--score", "risk"), logloss_expected(pima_t)),
  cli_case("calibration-pima", "pima-risk.csv",
    c("calibration", "--label", "diabetes", "--score", "risk"), calibration_expected(pima_t)),
  cli_case("dca-pima", "pima-risk.csv",
    c("dca", "--label", "diabetes", "--score", "risk", "--thresholds", "0.05:0.5:0.05"),
    dca_expected(pima_t, seq(0.05, 0.5, by = 0.05))),
  cli_case("logistic-pima", "pima-risk.csv",
    c("logistic", "--outcome", "diabetes", "--covariates", "glu,bmi,age,npreg_group"),
    logistic_expected(pima_t, c("glu", "bmi", "age", "npreg_group"))),
  cli_case("glmnet-birthwt-lasso", "birthwt.csv",
    c("glmnet", "--family", "binomial", "--outcome", "low", "--covariates", "age,lwt,race,smoke,ptl,ht,ui,ftv",
      "--categorical", "race", "--alpha", "1", "--lambda", "0.05,0.02,0.01,0.005,0.001"),
    glmnet_expected(transform(tables[["birthwt.csv"]], race = factor(race)), "binomial",
      ~ age + lwt + race + smoke + ptl + ht + ui + ftv, 1, c(0.05, 0.02, 0.01, 0.005, 0.001), "low")),
  cli_case("glmnet-birthwt-enet-cv", "birthwt.csv",
    c("glmnet", "--family", "binomial", "--outcome", "low", "--covariates", "age,lwt,smoke,ptl,ht,ui",
      "--alpha", "0.5", "--lambda", "0.1,0.05,0.03,0.02,0.01,0.005,0.002", "--foldid", "fold"),
    glmnet_expected(tables[["birthwt.csv"]], "binomial", ~ age + lwt + smoke + ptl + ht + ui, 0.5,
      c(0.1, 0.05, 0.03, 0.02, 0.01, 0.005, 0.002), "low", foldid = TRUE)),
  cli_case("glmnet-veteran-cox", "veteran-folds.csv",
    c("glmnet", "--family", "cox", "--time", "time", "--event", "status",
      "--covariates", "trt,celltype,karno,diagtime,age,prior", "--alpha", "0.8",
      "--lambda", "0.1,0.05,0.02,0.01,0.001", "--foldid", "fold"),
    glmnet_expected(tables[["veteran-folds.csv"]], "cox", ~ trt + celltype + karno + diagtime + age + prior, 0.8,
      c(0.1, 0.05, 0.02, 0.01, 0.001), foldid = TRUE))
)

write_fixture("validation-cli.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "files: CSV text from write.csv(na = ''); expected: the CLI's JSON fields computed by R on",
    "read.csv(text, na.strings = c('', 'NA')), complete cases of the used columns; lp is a coxph",
    "linear predictor (higher = higher risk), risk365 = 1 - S(365 | x) from survfit; Score() with",
    "cens.model = 'km'; pROC ci.auc(method = 'delong'); calibration glm fits to epsilon 1e-14;",
    "net benefit = TP/n - FP/n * t/(1 - t), treating risk >= t"
  ),
  files = files,
  cases = cli_cases
))
