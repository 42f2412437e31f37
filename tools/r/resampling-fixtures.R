# Reference fixtures for carta's bootstrap optimism correction (packages/stats/src/resampling),
# computed by R's rms::validate (Harrell, Regression Modeling Strategies, 2nd ed. 2015, §5.3;
# rms::predab.resample, method = "boot").
#
# validate() draws its own bootstrap samples, so carta cannot reproduce its table from a seed.
# This script therefore
#   (a) draws the samples exactly as predab.resample does — set.seed(seed), then for each of the
#       B replicates sample(n, replace = TRUE), nothing else touching the random stream — and
#       recomputes validate's algorithm from those samples (fit on the sample, indexes on the
#       sample and on the original data, averaged per index over the replicates where both are
#       not NA), stopping unless the recomputation reproduces validate()'s own table;
#   (b) writes the samples (0-based row numbers) and validate()'s table, so that the TypeScript
#       test can feed the same samples to carta and compare.
#
# Writes, under packages/stats/test/fixtures/:
#   resampling-validate.json
#     cox:      rms::cph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss) on survival::lung
#               (complete cases, n = 213), validate(fit, B = 40): Dxy R2 Slope D U Q g.
#     logistic: rms::lrm(low ~ age + lwt + race + smoke + ptl + ht + ui) on MASS::birthwt
#               (n = 189), validate(fit, B = 40): Dxy R2 Intercept Slope Emax D U Q B g gp;
#               plus "converged": Dxy, Intercept and Slope recomputed from the same samples with
#               fully converged maximum-likelihood fits (glm.fit, epsilon 1e-14), because
#               lrm.fit stops Newton–Raphson once −2 log L changes by less than 0.025 and its
#               coefficients then differ from the exact MLE by up to ~5e-7 (relative).
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/resampling-fixtures.R
# Needs R with rms (and its Hmisc, survival) and MASS. The fixtures are committed, so the
# TypeScript tests never need R.

suppressPackageStartupMessages({
  library(rms)
  library(survival)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/resampling-fixtures.R")
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/resampling-fixtures.R",
  rerun = "Rscript tools/r/resampling-fixtures.R",
  r = R.version.string,
  rms = as.character(packageVersion("rms")),
  Hmisc = as.character(packageVersion("Hmisc")),
  survival = as.character(packageVersion("survival"))
)

row_major <- function(m) arr(as.vector(t(unname(as.matrix(m)))))

# Samples as predab.resample draws them for method = "boot" without cluster or group: one call
# to sample(n, replace = TRUE) per replicate, in replicate order, after set.seed(seed).
draw_samples <- function(n, B, seed) {
  set.seed(seed)
  matrix(vapply(seq_len(B), function(i) sample(n, replace = TRUE), integer(n)), nrow = n)
}

# predab.resample's bookkeeping: an index enters its averages only for replicates whose fit
# succeeded and whose training and test values are both not NA (its column n counts those).
summarise <- function(index_orig, train, test) {
  ok <- !is.na(train + test)
  num <- colSums(ok)
  train[!ok] <- 0
  test[!ok] <- 0
  training <- colSums(train) / num
  tested <- colSums(test) / num
  optimism <- training - tested
  cbind(
    index.orig = index_orig, training = training, test = tested, optimism = optimism,
    index.corrected = index_orig - optimism, n = num
  )
}

recompute <- function(n_index, samples, fit_sample, measure_train, measure_test, index_orig) {
  B <- ncol(samples)
  train <- matrix(NA_real_, B, n_index)
  test <- matrix(NA_real_, B, n_index)
  ok <- logical(B)
  for (b in seq_len(B)) {
    s <- samples[, b]
    f <- fit_sample(s)
    if (is.null(f)) next
    ok[b] <- TRUE
    train[b, ] <- measure_train(f, s)
    test[b, ] <- measure_test(f)
  }
  list(table = summarise(index_orig, train[ok, , drop = FALSE], test[ok, , drop = FALSE]), ok = ok)
}

table_json <- function(tab) {
  list(
    indexes = arr(rownames(tab)),
    indexOrig = arr(tab[, "index.orig"]),
    training = arr(tab[, "training"]),
    test = arr(tab[, "test"]),
    optimism = arr(tab[, "optimism"]),
    indexCorrected = arr(tab[, "index.corrected"]),
    n = arr(tab[, "n"])
  )
}

same_table <- function(ours, theirs) {
  theirs <- unclass(theirs)
  attributes(theirs) <- attributes(theirs)[c("dim", "dimnames")]
  stopifnot(identical(dimnames(ours), dimnames(theirs)))
  stopifnot(isTRUE(all.equal(ours, theirs, tolerance = 1e-13)))
}

B <- 40

# ---- Cox: validate.cph ---------------------------------------------------------------------------

lung_cc <- na.omit(survival::lung[, c("time", "status", "age", "sex", "ph.ecog", "wt.loss")])
lung_cc$status <- lung_cc$status - 1
cox_seed <- 20240501
cox_fit <- cph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss, data = lung_cc, x = TRUE, y = TRUE)
set.seed(cox_seed)
cox_validate <- validate(cox_fit, B = B)

cox_x <- cox_fit$x
cox_y <- cox_fit$y
cox_n <- nrow(cox_x)
cox_samples <- draw_samples(cox_n, B, cox_seed)

# validate.cph's discrim(): lp is x·β (uncentred) on the rows being evaluated; on the sample the
# model was fitted to (evalfit) the likelihood indexes come from that fit and the slope is 1; on
# other data the lp is refitted (coxphFit, iter.max 10, eps 1e-4) for the calibration slope.
cox_measure <- function(lp, y, loglik, evalfit) {
  n <- nrow(y)
  if (length(unique(lp)) == 1) {
    return(c(Dxy = 0, R2 = 0, Slope = 1, D = 0, U = 0, Q = 0, g = 0))
  }
  x <- as.matrix(lp)
  if (evalfit) {
    lr <- -2 * (loglik[1] - loglik[2])
    ll0 <- -2 * loglik[1]
    slope <- 1
    D <- (lr - 1) / ll0
    U <- -2 / ll0
    R2 <- (1 - exp(-lr / n)) / (1 - exp(-ll0 / n))
    g <- GiniMd(x)
  } else {
    f <- coxphFit(x = x, y = y, strata = NULL, iter.max = 10, eps = 1e-4, method = "efron", type = "right")
    stopifnot(!f$fail)
    lr <- -2 * (f$loglik[1] - f$loglik[2])
    ll0 <- -2 * f$loglik[1]
    slope <- f$coef[[1]]
    D <- (lr - 1) / ll0
    R2 <- (1 - exp(-lr / n)) / (1 - exp(-ll0 / n))
    frozen <- coxphFit(
      x = x, y = y, strata = NULL, iter.max = 0, eps = 1e-4, method = "efron", init = 1, type = "right"
    )
    U <- -2 * (frozen$loglik[2] - f$loglik[2]) / ll0
    g <- GiniMd(slope * x)
  }
  Dxy <- rms:::dxy.cens(x, y, type = "hazard")[["Dxy"]]
  c(Dxy = Dxy, R2 = R2, Slope = slope, D = D, U = U, Q = D - U, g = g)
}

# rms's Dxy for a Cox model is Somers' D of the linear predictor as a hazard score, i.e.
# 2·C − 1 with C survival::concordance(reverse = TRUE) without timefix; carta's test relies on it.
cox_lp_orig <- drop(cox_x %*% cox_fit$coef)
stopifnot(isTRUE(all.equal(
  rms:::dxy.cens(cox_lp_orig, cox_y, type = "hazard")[["Dxy"]],
  2 * concordance(cox_y ~ cox_lp_orig, reverse = TRUE, timefix = FALSE)$concordance - 1,
  tolerance = 1e-14
)))

cox_index_orig <- cox_measure(cox_lp_orig, cox_y, cox_fit$loglik, evalfit = TRUE)
cox_fit_sample <- function(s) {
  f <- coxphFit(
    x = cox_x[s, , drop = FALSE], y = cox_y[s, ], strata = NULL, iter.max = 10, eps = 1e-4,
    method = "efron", toler.chol = 1e-9, type = "right"
  )
  if (f$fail || any(is.na(f$coef))) NULL else f
}
cox_lp <- function(f) drop(cox_x %*% f$coef)
cox_recomputed <- recompute(
  7, cox_samples, cox_fit_sample,
  function(f, s) cox_measure(cox_lp(f)[s], cox_y[s, ], f$loglik, evalfit = TRUE),
  function(f) cox_measure(cox_lp(f), cox_y, NULL, evalfit = FALSE),
  cox_index_orig
)
stopifnot(all(cox_recomputed$ok))
same_table(cox_recomputed$table, cox_validate)

# ---- logistic: validate.lrm ----------------------------------------------------------------------

birthwt <- MASS::birthwt
birthwt$race <- factor(birthwt$race, levels = 1:3, labels = c("white", "black", "other"))
lrm_seed <- 20240502
lrm_model <- lrm(low ~ age + lwt + race + smoke + ptl + ht + ui, data = birthwt, x = TRUE, y = TRUE)
set.seed(lrm_seed)
lrm_validate <- validate(lrm_model, B = B)

lrm_x <- lrm_model$x
lrm_y <- as.integer(lrm_model$y) - (if (is.factor(lrm_model$y)) 1L else 0L)
stopifnot(all(lrm_y %in% 0:1))
lrm_n <- nrow(lrm_x)
lrm_samples <- draw_samples(lrm_n, B, lrm_seed)

# validate.lrm's discrim() for a binary outcome (kint = 1, Dxy.method "somers2").
lrm_measure <- function(lp, y, fit, evalfit) {
  n <- length(y)
  if (evalfit) {
    stats <- fit$stats
    lr <- stats[["Model L.R."]]
    intercept <- 0
    shrink <- 1
    D <- (lr - 1) / n
    U <- -2 / n
    R2 <- stats[["R2"]]
    g <- stats[["g"]]
    gp <- stats[["gp"]]
  } else {
    refit <- lrm.fit(lp, y, tol = 1e-13)
    stats <- refit$stats
    lr <- stats[["Model L.R."]]
    intercept <- refit$coefficients[[1]]
    shrink <- refit$coefficients[[2]]
    D <- (lr - 1) / n
    L01 <- -2 * sum(y * lp - log(1 + exp(lp)))
    U <- (L01 - refit$deviance[2] - 2) / n
    R2 <- stats[["R2"]]
    g <- GiniMd(shrink * lp)
    gp <- GiniMd(plogis(intercept + shrink * lp))
  }
  Dxy <- somers2(lp, y)[["Dxy"]]
  brier <- sum((y - plogis(lp))^2) / n
  c(Dxy = Dxy, R2 = R2, Intercept = intercept, Slope = shrink, D = D, U = U, Q = D - U, B = brier, g = g, gp = gp)
}
lrm_lp <- function(coef) drop(coef[1] + lrm_x %*% coef[-1])
lrm_index_orig <- lrm_measure(lrm_lp(lrm_model$coefficients), lrm_y, lrm_model, evalfit = TRUE)
lrm_recomputed <- recompute(
  10, lrm_samples,
  function(s) {
    f <- lrm.fit(lrm_x[s, , drop = FALSE], lrm_y[s], maxit = 12, tol = 1e-7)
    if (isTRUE(f$fail)) NULL else f
  },
  function(f, s) lrm_measure(lrm_lp(f$coefficients)[s], lrm_y[s], f, evalfit = TRUE),
  function(f) lrm_measure(lrm_lp(f$coefficients), lrm_y, f, evalfit = FALSE),
  lrm_index_orig
)
stopifnot(all(lrm_recomputed$ok))
# validate.lrm inserts Emax, the largest |p − calibrated p| over p in [0, 1] for the
# corrected intercept and slope (= their test values), after Slope (its index.orig and training are 0).
lrm_table <- lrm_recomputed$table
p_grid <- seq(0, 1, 5e-04)
emax <- max(abs(p_grid - plogis(lrm_table["Intercept", "index.corrected"] + lrm_table["Slope", "index.corrected"] * qlogis(p_grid))), na.rm = TRUE)
lrm_table <- rbind(lrm_table[1:4, ], Emax = c(0, 0, emax, emax, emax, lrm_table[1, "n"]), lrm_table[5:10, ])
same_table(lrm_table, lrm_validate)

# The same samples with exact maximum-likelihood fits (glm.fit converged to 1e-14), for Dxy,
# Intercept and Slope: the reference for a logistic regression that iterates to convergence.
glm_coef <- function(x, y) {
  f <- glm.fit(cbind(1, x), y, family = binomial(), control = glm.control(epsilon = 1e-14, maxit = 100))
  stopifnot(f$converged)
  unname(f$coefficients)
}
converged_measure <- function(lp, y, evalfit) {
  if (evalfit) {
    cal <- c(0, 1)
  } else {
    cal <- glm_coef(lp, y)
  }
  c(Dxy = somers2(lp, y)[["Dxy"]], Intercept = cal[1], Slope = cal[2])
}
lrm_orig_coef <- glm_coef(lrm_x, lrm_y)
converged_table <- recompute(
  3, lrm_samples,
  function(s) glm_coef(lrm_x[s, , drop = FALSE], lrm_y[s]),
  function(coef, s) converged_measure(lrm_lp(coef)[s], lrm_y[s], evalfit = TRUE),
  function(coef) converged_measure(lrm_lp(coef), lrm_y, evalfit = FALSE),
  converged_measure(lrm_lp(lrm_orig_coef), lrm_y, evalfit = TRUE)
)$table
stopifnot(isTRUE(all.equal(converged_table, lrm_table[c("Dxy", "Intercept", "Slope"), ], tolerance = 1e-5)))

zero_based <- function(samples) lapply(seq_len(ncol(samples)), function(b) arr(samples[, b] - 1L))

write_fixture("resampling-validate.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "samples: B bootstrap samples as 0-based row numbers, drawn as predab.resample draws them",
    "(set.seed(seed), then sample(n, replace = TRUE) per replicate); x is n×p row-major;",
    "validate: rms::validate(fit, B) after set.seed(seed), one array per column of its table,",
    "rows named by indexes; every replicate's fit succeeded in both cases (n = B)."
  ),
  cox = list(
    data = "survival::lung complete cases of time, status, age, sex, ph.ecog, wt.loss; status 1 = death",
    call = "validate(cph(Surv(time, status) ~ age + sex + ph.ecog + wt.loss, x = TRUE, y = TRUE), B = 40)",
    ties = cox_fit$method,
    seed = cox_seed,
    B = B,
    n = cox_n,
    time = arr(unname(cox_y[, 1])),
    status = arr(unname(cox_y[, 2])),
    names = arr(colnames(cox_x)),
    x = row_major(cox_x),
    coef = arr(unname(cox_fit$coef)),
    loglik = arr(cox_fit$loglik),
    samples = zero_based(cox_samples),
    validate = table_json(cox_validate)
  ),
  logistic = list(
    data = "MASS::birthwt; race as a factor (white = reference)",
    call = "validate(lrm(low ~ age + lwt + race + smoke + ptl + ht + ui, x = TRUE, y = TRUE), B = 40)",
    seed = lrm_seed,
    B = B,
    n = lrm_n,
    y = arr(lrm_y),
    names = arr(colnames(lrm_x)),
    x = row_major(lrm_x),
    coef = arr(unname(lrm_model$coefficients)),
    samples = zero_based(lrm_samples),
    validate = table_json(lrm_validate),
    converged = table_json(converged_table)
  )
))
