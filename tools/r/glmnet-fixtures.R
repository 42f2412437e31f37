# Reference fixtures for carta's elastic-net logistic and Cox regression (packages/stats/src/penalized),
# computed by R's glmnet 4.1.6 and survival.
#
# Writes, under packages/stats/test/fixtures/:
#   glmnet-logistic.json  glmnet(family = "binomial") paths on MASS::birthwt and survival::pbc: lasso,
#                         elastic net with case weights and penalty factors, unstandardised, no intercept
#                         with a user-given lambda.
#   glmnet-cox.json       glmnet(family = "cox") paths on survival::veteran (lasso; elastic net with
#                         weights and penalty factors), and survival::pbc, whose censored rows tied with
#                         event times at t >= 256 glmnet 4.1.6 drops from some risk sets: there the
#                         reference is glmnet on the same data with those censored times moved 0.5 day
#                         later (the textbook risk set, every row with time >= t), checked against
#                         survival::coxph's Breslow score, next to glmnet on the data as given and the
#                         unpenalised coxph(ties = "breslow") fit.
#   glmnet-wide.json      p > n (60 x 120) simulated data, binomial lasso and Cox elastic net.
#   glmnet-cv.json        cv.glmnet with a fixed foldid (binomial on birthwt, Cox on veteran).
#
# glmnet's default convergence threshold (1e-7) stops coordinate descent well before the optimum, so
# every path is refitted with thresh = 1e-14 and a large maxit, and even that is not always within
# 1e-6 of the optimum (p > n): the reference ("reference") is that fit polished by Newton's method on
# the KKT equations of its active set, here in R, and verified by its KKT conditions
# ("referenceKkt"; for Cox also by survival::coxph's score, "coxphKkt"). glmnet's own coefficients,
# their KKT violations and their distance from the reference are stored next to it ("glmnet").
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/glmnet-fixtures.R
# Needs R with glmnet (4.1.6), survival and MASS (Debian: r-cran-glmnet r-cran-survival r-cran-mass).
# The fixtures are committed, so the TypeScript tests never need R.

suppressPackageStartupMessages({
  library(glmnet)
  library(survival)
  library(MASS)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/glmnet-fixtures.R")
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/glmnet-fixtures.R",
  rerun = "Rscript tools/r/glmnet-fixtures.R",
  r = R.version.string,
  glmnet = as.character(packageVersion("glmnet")),
  survival = as.character(packageVersion("survival"))
)

TIGHT <- 1e-14
MAXIT <- 1e7
row_major <- function(m) arr(as.vector(t(unname(as.matrix(m)))))

# Weighted (divisor sum(w)) mean and sd per column, glmnet's standardisation.
weighted_scale <- function(x, w, center = TRUE) {
  w <- w / sum(w)
  m <- colSums(x * w)
  if (center) {
    s <- sqrt(colSums(w * sweep(x, 2, m)^2))
  } else {
    s <- sqrt(colSums(w * x^2) - m^2)
  }
  list(mean = m, sd = s)
}

# The KKT conditions on the scale the penalty acts on (docs/glmnet.md).
kkt_violation <- function(g, bs, lambda, alpha, pf) {
  ifelse(bs != 0,
    abs(g - lambda * pf * ((1 - alpha) * bs + alpha * sign(bs))),
    pmax(0, abs(g) - lambda * pf * alpha))
}

# The penalised columns as glmnet standardises them: z = (x - shift) / scale, weights summing to 1.
standardised <- function(x, w, standardize, center) {
  w <- w / sum(w)
  sc <- weighted_scale(x, w, center = center)
  scale <- if (standardize) sc$sd else rep(1, ncol(x))
  shift <- if (center) sc$mean else rep(0, ncol(x))
  list(z = sweep(sweep(x, 2, shift), 2, scale, "/"), w = w, scale = scale, shift = shift)
}

# Gradient (of the log-likelihood, weights summing to 1) and Hessian (of its negative) in the
# standardised coefficients, written out here independently of glmnet and of carta.
binomial_derivatives <- function(s, y, b0, bs, intercept) {
  eta <- b0 + drop(s$z %*% bs)
  p <- plogis(eta)
  r <- s$w * (y - p)
  Z <- if (intercept) cbind(1, s$z) else s$z
  list(g = colSums(Z * r), H = crossprod(Z, Z * (s$w * p * (1 - p))))
}

# Breslow, textbook risk sets {time >= t}.
cox_derivatives <- function(s, time, status, bs) {
  eta <- drop(s$z %*% bs)
  e <- s$w * exp(eta - max(eta))
  g <- colSums(s$z * (s$w * status))
  H <- matrix(0, ncol(s$z), ncol(s$z))
  for (t in sort(unique(time[status == 1]))) {
    at_risk <- time >= t
    d <- sum(s$w[time == t & status == 1])
    zr <- s$z[at_risk, , drop = FALSE]
    s0 <- sum(e[at_risk])
    s1 <- colSums(zr * e[at_risk])
    g <- g - d * s1 / s0
    H <- H + d * (crossprod(zr, zr * e[at_risk]) / s0 - tcrossprod(s1) / s0^2)
  }
  list(g = g, H = H)
}

# Newton's method on the KKT stationarity equations of glmnet's active set with its signs, from
# glmnet's (thresh = 1e-14) solution: the exact solution whenever glmnet found the right active set,
# which the KKT check afterwards confirms. family: "binomial" or "cox".
polish <- function(fit, family, s, alpha, pf, intercept, y = NULL, time = NULL, status = NULL) {
  B <- as.matrix(fit$beta)
  A0 <- if (is.null(fit$a0)) rep(0, ncol(B)) else unname(fit$a0)
  kkt <- numeric(ncol(B))
  for (l in seq_len(ncol(B))) {
    lam <- fit$lambda[l]
    bs <- B[, l] * s$scale
    b0 <- A0[l] + sum(B[, l] * s$shift)
    act <- which(bs != 0)
    derivatives <- function() {
      if (family == "binomial") binomial_derivatives(s, y, b0, bs, intercept)
      else cox_derivatives(s, time, status, bs)
    }
    k <- if (family == "binomial" && intercept) 1 else 0
    for (it in 1:20) {
      d <- derivatives()
      cols <- c(if (k == 1) 1, act + k)
      if (length(cols) == 0) break
      f <- d$g[cols] - c(if (k == 1) 0, lam * pf[act] * ((1 - alpha) * bs[act] + alpha * sign(bs[act])))
      H <- d$H[cols, cols, drop = FALSE]
      diag(H) <- diag(H) + c(if (k == 1) 0, lam * pf[act] * (1 - alpha))
      step <- solve(H, f)
      if (k == 1) b0 <- b0 + step[1]
      if (length(act) > 0) bs[act] <- bs[act] + step[(k + 1):length(step)]
      if (max(abs(step)) < 1e-15) break
    }
    if (any(sign(bs[act]) != sign(B[act, l]))) stop("polish changed a sign at lambda ", l)
    d <- derivatives()
    g <- if (k == 1) d$g[-1] else d$g
    kkt[l] <- max(c(kkt_violation(g, bs, lam, alpha, pf), if (k == 1) abs(d$g[1]) else 0))
    B[, l] <- bs / s$scale
    A0[l] <- b0 - sum(B[, l] * s$shift)
  }
  fit$beta <- B
  if (!is.null(fit$a0)) fit$a0 <- A0
  fit$kkt <- kkt
  fit
}

binomial_kkt <- function(fit, s, y, alpha, pf, intercept) {
  B <- as.matrix(fit$beta)
  sapply(seq_along(fit$lambda), function(l) {
    bs <- B[, l] * s$scale
    d <- binomial_derivatives(s, y, fit$a0[l] + sum(B[, l] * s$shift), bs, intercept)
    g <- if (intercept) d$g[-1] else d$g
    max(c(kkt_violation(g, bs, fit$lambda[l], alpha, pf), if (intercept) abs(d$g[1]) else 0))
  })
}

# The Breslow score U(beta) from survival::coxph (a third implementation): coxph at init = beta with
# no iterations, summed score residuals. Unweighted data only.
coxph_kkt <- function(beta_matrix, lambda, x, time, status, alpha, pf) {
  n <- nrow(x)
  sd <- weighted_scale(x, rep(1, n))$sd
  sapply(seq_along(lambda), function(l) {
    b <- beta_matrix[, l]
    fit <- coxph(Surv(time, status) ~ x, ties = "breslow", init = b, control = coxph.control(iter.max = 0))
    g <- colSums(residuals(fit, type = "score")) / sd / n
    max(kkt_violation(g, b * sd, lambda[l], alpha, pf))
  })
}

path_result <- function(fit, sd) {
  list(
    lambda = arr(fit$lambda),
    a0 = arr(if (is.null(fit$a0)) rep(0, length(fit$lambda)) else unname(fit$a0)),
    beta = arr(as.vector(as.matrix(fit$beta))),
    df = arr(colSums(as.matrix(fit$beta) != 0)),
    devRatio = arr(fit$dev.ratio),
    nullDeviance = fit$nulldev,
    xSd = arr(unname(sd))
  )
}

# ---- logistic -------------------------------------------------------------------------------------

bw <- MASS::birthwt
bw_x <- model.matrix(~ age + lwt + factor(race) + smoke + ptl + ht + ui + ftv, bw)[, -1]
colnames(bw_x) <- c("age", "lwt", "raceBlack", "raceOther", "smoke", "ptl", "ht", "ui", "ftv")
bw_y <- bw$low

pbc_vars <- c("age", "sex", "ascites", "hepato", "spiders", "edema", "bili", "chol", "albumin",
  "copper", "alk.phos", "ast", "trig", "platelet", "protime", "stage")
pbc_cc <- na.omit(survival::pbc[1:312, c("time", "status", pbc_vars)])
pbc_x <- model.matrix(~ age + sex + ascites + hepato + spiders + edema + log(bili) + chol +
  log(albumin) + copper + alk.phos + ast + trig + platelet + protime + stage, pbc_cc)[, -1]
colnames(pbc_x) <- c("age", "female", "ascites", "hepato", "spiders", "edema", "logBili", "chol",
  "logAlbumin", "copper", "alkPhos", "ast", "trig", "platelet", "protime", "stage")
pbc_y <- as.integer(pbc_cc$status == 2)

# What a case stores: the input, the KKT-verified reference path ("reference": glmnet's lambda,
# df and dev.ratio with glmnet's thresh = 1e-14 coefficients polished by polish()), the KKT
# violations of the reference and of glmnet's own coefficients, how far glmnet's coefficients are
# from the reference (per lambda, standardised scale) and, unless `raw` is FALSE, glmnet's
# coefficients themselves; and what glmnet's default threshold gives.
case_result <- function(tight, loose, polished, sd, glmnet_kkt, raw) {
  gap <- abs(sweep(as.matrix(tight$beta) - as.matrix(polished$beta), 1, sd, "*"))
  common <- seq_len(min(length(loose$lambda), length(tight$lambda)))
  list(
    reference = path_result(polished, sd),
    referenceKkt = arr(polished$kkt),
    glmnet = list(
      beta = if (raw) arr(as.vector(as.matrix(tight$beta))) else NULL,
      a0 = if (raw && !is.null(tight$a0)) arr(unname(tight$a0)) else NULL,
      kkt = arr(glmnet_kkt),
      maxStandardizedGap = arr(apply(gap, 2, max))
    ),
    defaultThreshold = list(
      nLambda = length(loose$lambda),
      maxStandardizedDifference = max(abs(sweep(as.matrix(loose$beta[, common] - tight$beta[, common]), 1, sd, "*")))
    )
  )
}

logistic_case <- function(name, source, x, y, alpha = 1, weights = NULL, pf = NULL,
                          standardize = TRUE, intercept = TRUE, lambda = NULL, nlambda = 100, raw = TRUE) {
  n <- nrow(x)
  w <- if (is.null(weights)) rep(1, n) else weights
  pfv <- if (is.null(pf)) rep(1, ncol(x)) else pf
  args <- list(x = x, y = y, family = "binomial", alpha = alpha, weights = w, penalty.factor = pfv,
    standardize = standardize, intercept = intercept, lambda = lambda, nlambda = nlambda)
  tight <- do.call(glmnet, c(args, list(thresh = TIGHT, maxit = MAXIT)))
  loose <- do.call(glmnet, args)
  s <- standardised(x, w, standardize, intercept)
  pfn <- pfv * ncol(x) / sum(pfv)
  polished <- polish(tight, "binomial", s, alpha, pfn, intercept, y = y)
  sd <- weighted_scale(x, w, center = intercept)$sd
  c(list(
    name = name,
    source = source,
    input = list(
      names = arr(colnames(x)), n = n, p = ncol(x), x = row_major(x), y = arr(y),
      weights = if (is.null(weights)) NULL else arr(weights),
      penaltyFactor = if (is.null(pf)) NULL else arr(pf),
      alpha = alpha, standardize = standardize, intercept = intercept,
      lambda = if (is.null(lambda)) NULL else arr(lambda), nLambda = nlambda
    )),
    case_result(tight, loose, polished, sd, binomial_kkt(tight, s, y, alpha, pfn, intercept), raw)
  )
}

logistic <- list(
  logistic_case("birthwt-lasso", "MASS::birthwt, low ~ age + lwt + race + smoke + ptl + ht + ui + ftv",
    bw_x, bw_y),
  logistic_case("birthwt-enet-weights-penalty", "MASS::birthwt; alpha 0.5, weights 1 + (row %% 3), penalty factors",
    bw_x, bw_y, alpha = 0.5, weights = 1 + seq_len(nrow(bw_x)) %% 3,
    pf = c(1, 0.5, 1, 1, 2, 1, 1, 1, 0.5)),
  logistic_case("birthwt-unstandardized", "MASS::birthwt; standardize = FALSE", bw_x, bw_y,
    standardize = FALSE),
  logistic_case("birthwt-no-intercept-user-lambda", "MASS::birthwt; intercept = FALSE, alpha 0.9, lambda given",
    bw_x, bw_y, alpha = 0.9, intercept = FALSE, lambda = c(0.02, 0.1, 0.005, 0.05, 0.001, 0.2, 0)),
  logistic_case("birthwt-unpenalized-age", "MASS::birthwt; alpha 0.5, age unpenalised (penalty factor 0)",
    bw_x, bw_y, alpha = 0.5, pf = c(0, 1, 1, 1, 1, 1, 1, 1, 1)),
  logistic_case("pbc-death-enet", "survival::pbc (trial rows, complete cases), death ~ 16 covariates; alpha 0.8",
    pbc_x, pbc_y, alpha = 0.8)
)
write_fixture("glmnet-logistic.json", list(generatedBy = generated_by, cases = logistic))

# ---- Cox ----------------------------------------------------------------------------------------

vet <- survival::veteran
vet_x <- model.matrix(~ trt + celltype + karno + diagtime + age + prior, vet)[, -1]
colnames(vet_x) <- c("trt", "smallcell", "adeno", "large", "karno", "diagtime", "age", "prior")

# risk_time: the times whose textbook risk sets define the reference (differs from `time`, what
# glmnet is given, only in the tied-censoring case below).
cox_case <- function(name, source, x, time, status, alpha = 1, weights = NULL, pf = NULL, nlambda = 100,
                     raw = TRUE, risk_time = time) {
  n <- nrow(x)
  w <- if (is.null(weights)) rep(1, n) else weights
  pfv <- if (is.null(pf)) rep(1, ncol(x)) else pf
  y <- Surv(time, status)
  tight <- glmnet(x, y, family = "cox", alpha = alpha, weights = w, penalty.factor = pfv,
    nlambda = nlambda, thresh = TIGHT, maxit = MAXIT)
  loose <- glmnet(x, y, family = "cox", alpha = alpha, weights = w, penalty.factor = pfv, nlambda = nlambda)
  s <- standardised(x, w, TRUE, TRUE)
  pfn <- pfv * ncol(x) / sum(pfv)
  polished <- polish(tight, "cox", s, alpha, pfn, FALSE, time = risk_time, status = status)
  glmnet_kkt <- sapply(seq_along(tight$lambda), function(l) {
    bs <- as.matrix(tight$beta)[, l] * s$scale
    max(kkt_violation(cox_derivatives(s, risk_time, status, bs)$g, bs, tight$lambda[l], alpha, pfn))
  })
  out <- c(list(
    name = name,
    source = source,
    input = list(
      names = arr(colnames(x)), n = n, p = ncol(x), x = row_major(x), time = arr(risk_time),
      event = arr(as.integer(status)),
      weights = if (is.null(weights)) NULL else arr(weights),
      penaltyFactor = if (is.null(pf)) NULL else arr(pf),
      alpha = alpha, nLambda = nlambda
    )),
    case_result(tight, loose, polished, s$scale, glmnet_kkt, raw)
  )
  # survival::coxph's Breslow score at the reference coefficients, a third implementation
  if (is.null(weights)) {
    out$coxphKkt <- arr(coxph_kkt(as.matrix(polished$beta), polished$lambda, x, risk_time, status, alpha, pfn))
  }
  out
}

# pbc: rows censored at a time that is also an event time, all at t >= 256, where glmnet's
# 100*eps nudge of censored times vanishes and its unstable sort drops some of them from the risk
# set. Moving those censored times 0.5 day later changes no textbook risk set (all times are whole
# days) but makes glmnet's risk sets the textbook ones.
pbc_cox <- na.omit(survival::pbc[1:312, c("time", "status", "age", "bili", "albumin", "protime", "edema")])
pbc_cox_x <- cbind(age = pbc_cox$age, logBili = log(pbc_cox$bili), logAlbumin = log(pbc_cox$albumin),
  protime = pbc_cox$protime, edema = pbc_cox$edema)
pbc_time <- pbc_cox$time
pbc_status <- as.integer(pbc_cox$status == 2)
event_times <- unique(pbc_time[pbc_status == 1])
tied_censored <- pbc_status == 0 & pbc_time %in% event_times
pbc_untied <- pbc_time + 0.5 * tied_censored

ties_case <- cox_case("pbc-textbook-risk-set",
  "survival::pbc trial rows, death ~ age + log(bili) + log(albumin) + protime + edema; censored times tied with event times moved +0.5 day for glmnet",
  pbc_cox_x, pbc_untied, pbc_status, risk_time = pbc_time)
ties_case$tiedCensoredTimes <- arr(sort(pbc_time[tied_censored]))
# glmnet on the data as given, at the same lambda values: its risk sets lack some tied censored rows
as_given <- glmnet(pbc_cox_x, Surv(pbc_time, pbc_status), family = "cox", thresh = TIGHT,
  maxit = MAXIT, lambda = ties_case$reference$lambda$values)
ties_case$glmnetAsGiven <- list(
  beta = arr(as.vector(as.matrix(as_given$beta))),
  coxphKkt = arr(coxph_kkt(as.matrix(as_given$beta), as_given$lambda, pbc_cox_x, pbc_time, pbc_status, 1,
    rep(1, ncol(pbc_cox_x))))
)
breslow <- coxph(Surv(pbc_time, pbc_status) ~ pbc_cox_x, ties = "breslow",
  control = coxph.control(eps = 1e-10, iter.max = 50))
ties_case$coxphBreslow <- list(coef = arr(unname(coef(breslow))), loglik = breslow$loglik[2])

cox <- list(
  cox_case("veteran-lasso", "survival::veteran, trt + celltype + karno + diagtime + age + prior",
    vet_x, vet$time, vet$status),
  cox_case("veteran-enet-weights-penalty", "survival::veteran; alpha 0.3, weights 1 + (row %% 4)/2, penalty factors",
    vet_x, vet$time, vet$status, alpha = 0.3, weights = 1 + (seq_len(nrow(vet_x)) %% 4) / 2,
    pf = c(1, 1, 1, 1, 0.5, 2, 1, 1)),
  # an unpenalised column: glmnet fits it alone at its first lambda (solved as lambda = Inf) and
  # takes lambda.max from the gradient that fit leaves (docs/glmnet.md)
  cox_case("veteran-unpenalized-karno", "survival::veteran; karno unpenalised (penalty factor 0)",
    vet_x, vet$time, vet$status, pf = c(1, 1, 1, 1, 0, 1, 1, 1)),
  ties_case
)
write_fixture("glmnet-cox.json", list(generatedBy = generated_by, cases = cox))

# ---- p > n --------------------------------------------------------------------------------------

set.seed(20240607)
wide_n <- 60
wide_p <- 120
wide_x <- round(matrix(rnorm(wide_n * wide_p), wide_n, wide_p), 3)
colnames(wide_x) <- sprintf("g%03d", seq_len(wide_p))
wide_eta <- drop(wide_x[, 1:5] %*% c(1.2, -1, 0.8, 0.6, -0.5))
wide_y <- rbinom(wide_n, 1, plogis(wide_eta))
wide_time <- round(rexp(wide_n, exp(0.5 * wide_eta)) * 100, 2)
wide_cens <- round(runif(wide_n, 20, 300), 2)
wide_status <- as.integer(wide_time <= wide_cens)
wide_time <- pmin(wide_time, wide_cens)
write_fixture("glmnet-wide.json", list(
  generatedBy = generated_by,
  note = "x = round(rnorm, 3), 60 x 120, set.seed(20240607); y ~ Bernoulli(plogis(x[,1:5] b)); Cox times exponential with random censoring",
  cases = list(
    logistic_case("wide-binomial-lasso", "simulated, n = 60 < p = 120; nlambda 50", wide_x, wide_y,
      nlambda = 50, raw = FALSE),
    cox_case("wide-cox-enet", "simulated, n = 60 < p = 120; alpha 0.7, nlambda 50", wide_x, wide_time,
      wide_status, alpha = 0.7, nlambda = 50, raw = FALSE)
  )
))

# ---- cross-validation ---------------------------------------------------------------------------

cv_case <- function(name, source, x, y, family, foldid, alpha = 1) {
  full <- glmnet(x, y, family = family, alpha = alpha, thresh = TIGHT, maxit = MAXIT)
  cv <- cv.glmnet(x, y, family = family, alpha = alpha, foldid = foldid, lambda = full$lambda,
    thresh = TIGHT, maxit = MAXIT)
  list(
    name = name, source = source, family = family, alpha = alpha,
    foldId = arr(foldid),
    lambda = arr(cv$lambda), cvm = arr(cv$cvm), cvsd = arr(cv$cvsd), nzero = arr(unname(cv$nzero)),
    lambdaMin = cv$lambda.min, lambda1se = cv$lambda.1se,
    indexMin = unname(cv$index[1, 1]), index1se = unname(cv$index[2, 1])
  )
}

set.seed(7)
bw_folds <- sample(rep(1:5, length.out = nrow(bw_x)))
vet_folds <- sample(rep(1:5, length.out = nrow(vet_x)))
write_fixture("glmnet-cv.json", list(
  generatedBy = generated_by,
  note = "cv.glmnet(x, y, foldid, lambda = <the full fit's lambda>, thresh = 1e-14); data as in glmnet-logistic.json (birthwt) and glmnet-cox.json (veteran)",
  cases = list(
    cv_case("birthwt-lasso-cv", "MASS::birthwt, 5 folds", bw_x, bw_y, "binomial", bw_folds),
    cv_case("veteran-lasso-cv", "survival::veteran, 5 folds", vet_x, Surv(vet$time, vet$status), "cox", vet_folds)
  )
))
