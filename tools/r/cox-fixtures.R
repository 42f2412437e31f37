# Reference fixtures for carta's chi-square distribution, log-rank test, concordance and Cox model,
# computed by R itself.
#
# Writes, under packages/stats/test/fixtures/:
#   chisq.json    pchisq in both tails on a grid of x and df reaching p-values far below 1e-300.
#   logrank.json  survdiff() on real data sets: k groups, stratified, rho = 1.
#   cox.json      coxph() on real data sets (survival::lung, veteran, ovarian, rats), Efron and
#                 Breslow, stratified, robust, clustered, weighted and with an aliased column, plus a
#                 small constructed data set whose likelihood is monotone (infinite MLE): the
#                 input data, the coefficient table, tests, concordance, variance matrices,
#                 basehaz(), survfit(fit, newdata) and cox.zph(); plus concordance() on its own.
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/cox-fixtures.R
# Needs R with the survival package (Debian: r-base-core r-cran-survival).
# The fixtures are committed, so the TypeScript tests never need R.
#
# Numbers are written with the shortest decimal form that reads back to the identical double
# (at most 17 significant digits); R's NA, NaN, Inf and -Inf are written as the strings
# "NA", "NaN", "Inf" and "-Inf".

suppressPackageStartupMessages(library(survival))

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/cox-fixtures.R")

# the shared JSON writer and write_fixture(), into packages/stats/test/fixtures
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/cox-fixtures.R",
  rerun = "Rscript tools/r/cox-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival"))
)

row_major <- function(m) arr(as.vector(t(unname(as.matrix(m)))))

# ---- chi-square ---------------------------------------------------------------------------------

chisq_df <- c(0.3, 0.5, 1, 1.5, 2, 2.5, 3, 3.3, 4, 5, 6, 7, 8, 10, 12, 17, 25, 30, 31.7, 50, 100, 250, 1000)
chisq_x <- c(
  1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.1, 0.2, 0.5, 1, 1.5, 2, 2.5, 3, 3.841458820694124,
  4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100, 150, 200, 300, 500, 700, 1000, 1200,
  1400, 1450
)
grid <- expand.grid(x = chisq_x, df = chisq_df)
# add points at and around each df (x = df ± a few standard deviations), where the two methods meet
near <- do.call(rbind, lapply(chisq_df, function(k) {
  data.frame(x = pmax(1e-3, k + c(-3, -1, -0.5, 0, 0.5, 1, 2, 3, 6, 10) * sqrt(2 * k)), df = k)
}))
grid <- rbind(grid, near)

write_fixture("chisq.json", list(
  generatedBy = generated_by,
  conventions = "upper = pchisq(x, df, lower.tail = FALSE); lower = pchisq(x, df)",
  x = arr(grid$x),
  df = arr(grid$df),
  upper = arr(pchisq(grid$x, grid$df, lower.tail = FALSE)),
  lower = arr(pchisq(grid$x, grid$df))
))

# ---- log-rank -----------------------------------------------------------------------------------

logrank_case <- function(name, source, time, event, group, strata = NULL, rho = 0) {
  fit <- if (is.null(strata)) {
    survdiff(Surv(time, event) ~ group, rho = rho)
  } else {
    survdiff(Surv(time, event) ~ group + strata(strata), rho = rho)
  }
  observed <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  expected <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  df <- sum(expected > 0) - 1
  out <- list(
    name = name,
    source = source,
    rho = rho,
    input = list(
      time = arr(time),
      event = arr(as.integer(event)),
      group = if (is.numeric(group)) arr(group) else arr(as.character(group)),
      strata = if (is.null(strata)) NULL else if (is.numeric(strata)) arr(strata) else arr(as.character(strata))
    ),
    groups = arr(levels(factor(group))),
    n = arr(as.vector(fit$n)),
    observed = arr(observed),
    expected = arr(expected),
    variance = row_major(fit$var),
    chisq = fit$chisq,
    df = df,
    p = fit$pvalue
  )
  if (!is.null(strata)) {
    out$strata <- list(
      labels = arr(levels(factor(strata))),
      n = arr(as.vector(table(factor(strata)))),
      observed = row_major(fit$obs),
      expected = row_major(fit$exp)
    )
  }
  out
}

lung_ecog <- lung[!is.na(lung$ph.ecog), ]

write_fixture("logrank.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "survdiff(Surv(time, event) ~ group [+ strata(strata)], rho = rho);",
    "observed/expected summed over strata; per-stratum matrices are groups x strata, row-major"
  ),
  cases = list(
    logrank_case("lung-sex", "survival::lung, event = status - 1, by sex", lung$time, lung$status - 1, lung$sex),
    logrank_case(
      "lung-ecog", "survival::lung without missing ph.ecog, four ECOG groups (ECOG 3: one patient)",
      lung_ecog$time, lung_ecog$status - 1, lung_ecog$ph.ecog
    ),
    logrank_case(
      "veteran-celltype", "survival::veteran, four cell types (string labels)",
      veteran$time, veteran$status, as.character(veteran$celltype)
    ),
    logrank_case(
      "veteran-trt-by-celltype", "survival::veteran, treatment stratified by cell type",
      veteran$time, veteran$status, veteran$trt, strata = as.character(veteran$celltype)
    ),
    logrank_case(
      "lung-sex-peto", "survival::lung by sex, rho = 1 (Peto-Peto)", lung$time, lung$status - 1, lung$sex,
      rho = 1
    ),
    logrank_case(
      "lung-ecog-by-sex-rho-half", "survival::lung, ECOG groups stratified by sex, rho = 0.5",
      lung_ecog$time, lung_ecog$status - 1, lung_ecog$ph.ecog, strata = lung_ecog$sex, rho = 0.5
    ),
    logrank_case("ovarian-rx", "survival::ovarian by treatment", ovarian$futime, ovarian$fustat, ovarian$rx),
    logrank_case("aml-x", "survival::aml, maintained vs non-maintained", aml$time, aml$status, as.character(aml$x))
  )
))

# ---- Cox model ----------------------------------------------------------------------------------

capture_warnings <- function(expr) {
  messages <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    messages <<- c(messages, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = messages)
}

test_list <- function(chisq, df) list(chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))

# newdata: rows of the model data; strata_var names the strata column of newdata, if any.
cox_case <- function(name, source, formula, data, ties, newrows, strata_var = NULL,
                     cluster_var = NULL, weights = NULL, robust = NULL, iter_max = NULL, zph_extra = list()) {
  args <- list(formula = formula, data = data, ties = ties, x = TRUE)
  if (!is.null(iter_max)) args$iter.max <- iter_max
  if (!is.null(weights)) args$weights <- weights
  if (!is.null(robust)) args$robust <- robust
  run <- capture_warnings(do.call(coxph, args))
  fit <- run$value
  s <- summary(fit)
  x <- model.matrix(fit)
  # Terms that are not one column of the same name (a factor's dummies), as cox.zph groups them.
  assign_cols <- lapply(fit$assign, function(i) colnames(x)[i])
  terms <- assign_cols[vapply(names(assign_cols), function(t) !identical(assign_cols[[t]], t), logical(1))]
  y <- fit$y
  coef <- fit$coefficients
  robust_fit <- !is.null(fit$naive.var)
  model_var <- if (robust_fit) fit$naive.var else fit$var
  df <- sum(!is.na(coef))
  conf <- s$conf.int

  basehaz_curves <- function(centered) {
    b <- basehaz(fit, centered = centered)
    if (is.null(b$strata)) {
      list(list(stratum = NULL, time = arr(b$time), cumHaz = arr(b$hazard)))
    } else {
      lapply(levels(b$strata), function(l) {
        keep <- b$strata == l
        list(stratum = sub("^[^=]*=", "", l), time = arr(b$time[keep]), cumHaz = arr(b$hazard[keep]))
      })
    }
  }

  nd <- data[newrows, , drop = FALSE]
  newx <- model.matrix(fit, data = nd)
  predictions <- lapply(seq_len(nrow(nd)), function(i) {
    sf <- survfit(fit, newdata = nd[i, , drop = FALSE])
    sm <- summary(sf, censored = TRUE)
    stopifnot(length(sm$time) == length(sf$time))
    list(
      row = i - 1,
      stratum = if (is.null(strata_var)) NULL else as.character(nd[[strata_var]][i]),
      time = arr(sf$time),
      nRisk = arr(sf$n.risk),
      nEvent = arr(sf$n.event),
      nCensor = arr(sf$n.censor),
      survival = arr(sf$surv),
      cumHaz = arr(sf$cumhaz),
      stdErrCumHaz = arr(sf$std.err),
      stdErr = arr(sm$std.err),
      lower = arr(sf$lower),
      upper = arr(sf$upper)
    )
  })

  zph_table <- function(z) {
    list(names = arr(rownames(z$table)), chisq = arr(z$table[, "chisq"]), df = arr(z$table[, "df"]),
         p = arr(z$table[, "p"]))
  }
  zph <- list(list(transform = "km", terms = TRUE, table = zph_table(cox.zph(fit, transform = "km"))))
  for (extra in zph_extra) {
    z <- cox.zph(fit, transform = extra$transform, terms = extra$terms)
    zph <- c(zph, list(list(transform = extra$transform, terms = extra$terms, table = zph_table(z))))
  }

  list(
    name = name,
    source = source,
    formula = paste(deparse(formula), collapse = " "),
    ties = ties,
    input = list(
      time = arr(data[[all.vars(formula)[1]]]),
      event = arr(as.integer(y[, 2])),
      names = arr(colnames(x)),
      x = row_major(x),
      strata = if (is.null(strata_var)) NULL else arr(as.character(data[[strata_var]])),
      cluster = if (is.null(cluster_var)) NULL else arr(as.character(data[[cluster_var]])),
      weights = if (is.null(weights)) NULL else arr(weights),
      robust = if (is.null(robust)) NULL else robust,
      iterMax = if (is.null(iter_max)) NULL else iter_max,
      terms = lapply(names(terms), function(t) list(name = t, columns = arr(terms[[t]])))
    ),
    n = fit$n,
    nEvent = fit$nevent,
    iterations = fit$iter,
    robust = robust_fit,
    warnings = arr(as.character(run$warnings)),
    coefficients = list(
      coef = arr(coef),
      se = arr(sqrt(diag(model_var))),
      robustSe = if (robust_fit) arr(sqrt(diag(fit$var))) else NULL,
      z = arr(s$coefficients[, "z"]),
      p = arr(s$coefficients[, "Pr(>|z|)"]),
      hr = arr(conf[, "exp(coef)"]),
      hrLower = arr(conf[, "lower .95"]),
      hrUpper = arr(conf[, "upper .95"])
    ),
    loglikNull = fit$loglik[1],
    loglik = fit$loglik[2],
    tests = list(
      likelihoodRatio = test_list(-2 * (fit$loglik[1] - fit$loglik[2]), df),
      wald = test_list(fit$wald.test, df),
      score = test_list(fit$score, df),
      robustScore = if (robust_fit) test_list(fit$rscore, df) else NULL
    ),
    concordance = list(
      concordant = unname(fit$concordance["concordant"]),
      discordant = unname(fit$concordance["discordant"]),
      tiedX = unname(fit$concordance["tied.x"]),
      tiedY = unname(fit$concordance["tied.y"]),
      tiedXY = unname(fit$concordance["tied.xy"]),
      concordance = unname(fit$concordance["concordance"]),
      stdErr = unname(fit$concordance["std"])
    ),
    means = arr(fit$means),
    modelVariance = row_major(model_var),
    robustVariance = if (robust_fit) row_major(fit$var) else NULL,
    linearPredictors = arr(fit$linear.predictors),
    baseline = list(centered = basehaz_curves(TRUE), uncentered = basehaz_curves(FALSE)),
    newX = row_major(newx[, colnames(x), drop = FALSE]),
    newStrata = if (is.null(strata_var)) NULL else arr(as.character(nd[[strata_var]])),
    predictions = predictions,
    zph = zph
  )
}

lung_cc <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
lung_cc$event <- lung_cc$status - 1
lung_cc$age2 <- 2 * lung_cc$age
# Fractional case weights, a fixed pattern (no random numbers): robust variance by default.
lung_cc$w <- 0.5 + (seq_len(nrow(lung_cc)) %% 4) / 4
veteran2 <- veteran
veteran2$trt <- as.numeric(veteran2$trt)
ovarian2 <- ovarian
rats2 <- rats
monotone <- data.frame(
  time = 1:12, status = c(1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0), x = c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
)
rats2$litter <- as.character(rats2$litter)

cases <- list(
  cox_case(
    "lung-efron", "survival::lung complete cases (age, sex, ph.ecog); event = status - 1",
    Surv(time, event) ~ age + sex + ph.ecog, lung_cc, "efron", c(1, 50, 100),
    zph_extra = list(list(transform = "identity", terms = TRUE), list(transform = "log", terms = TRUE),
                     list(transform = "rank", terms = TRUE))
  ),
  cox_case(
    "lung-breslow", "survival::lung complete cases, Breslow ties",
    Surv(time, event) ~ age + sex + ph.ecog, lung_cc, "breslow", 50
  ),
  cox_case(
    "veteran-efron", "survival::veteran: trt, karno, celltype (squamous reference), prior",
    Surv(time, status) ~ trt + karno + celltype + prior, veteran2, "efron", c(1, 70, 120),
    zph_extra = list(list(transform = "km", terms = FALSE))
  ),
  cox_case(
    "veteran-breslow", "survival::veteran, Breslow ties",
    Surv(time, status) ~ trt + karno + celltype + prior, veteran2, "breslow", 70
  ),
  cox_case(
    "ovarian-efron", "survival::ovarian: age, resid.ds, rx, ecog.ps (no tied times)",
    Surv(futime, fustat) ~ age + resid.ds + rx + ecog.ps, ovarian2, "efron", c(1, 13, 26)
  ),
  cox_case(
    "lung-strata-sex-efron", "survival::lung complete cases, age + ph.ecog, strata(sex)",
    Surv(time, event) ~ age + ph.ecog + strata(sex), lung_cc, "efron", c(1, 50, 100), strata_var = "sex"
  ),
  cox_case(
    "lung-strata-sex-breslow", "survival::lung complete cases, age + ph.ecog, strata(sex), Breslow",
    Surv(time, event) ~ age + ph.ecog + strata(sex), lung_cc, "breslow", 100, strata_var = "sex"
  ),
  cox_case(
    "rats-cluster-efron", "survival::rats (Mantel 1977): rx + sex, cluster(litter)",
    Surv(time, status) ~ rx + sex + cluster(litter), rats2, "efron", c(1, 2, 150), cluster_var = "litter"
  ),
  cox_case(
    "rats-cluster-breslow", "survival::rats: rx + sex, cluster(litter), Breslow",
    Surv(time, status) ~ rx + sex + cluster(litter), rats2, "breslow", 2, cluster_var = "litter"
  ),
  cox_case(
    "lung-robust-efron", "survival::lung complete cases, robust = TRUE without a cluster",
    Surv(time, event) ~ age + sex + ph.ecog, lung_cc, "efron", 50, robust = TRUE
  ),
  cox_case(
    "lung-weighted-efron", "survival::lung complete cases, fractional weights 0.5 + (row %% 4)/4",
    Surv(time, event) ~ age + sex + ph.ecog, lung_cc, "efron", 50, weights = lung_cc$w
  ),
  cox_case(
    "lung-strata-cluster-efron", "survival::lung complete cases, strata(sex), clustered by inst",
    Surv(time, event) ~ age + ph.ecog + strata(sex) + cluster(inst),
    transform(na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog", "inst")]), event = status - 1),
    "efron", c(1, 60), strata_var = "sex", cluster_var = "inst"
  ),
  cox_case(
    "lung-aliased-efron", "survival::lung complete cases with age2 = 2 * age (aliased: NA coefficient)",
    Surv(time, event) ~ age + sex + ph.ecog + age2, lung_cc, "efron", 50
  ),
  cox_case(
    "monotone-likelihood", "constructed: every event before time 6 has x = 1 (the MLE is infinite)",
    Surv(time, status) ~ x, monotone, "efron", c(1, 6)
  ),
  cox_case(
    "monotone-iter-max-3", "constructed monotone-likelihood data with iter.max = 3 (does not converge)",
    Surv(time, status) ~ x, monotone, "efron", c(1, 6), iter_max = 3
  )
)

concordance_case <- function(name, source, time, event, x, strata = NULL, weights = NULL) {
  args <- list(object = if (is.null(strata)) Surv(time, event) ~ x else Surv(time, event) ~ x + strata(strata))
  if (!is.null(weights)) args$weights <- weights
  fit <- do.call(concordance, args)
  count <- if (is.matrix(fit$count)) colSums(fit$count) else fit$count
  list(
    name = name,
    source = source,
    input = list(
      time = arr(time), event = arr(as.integer(event)), x = arr(x),
      strata = if (is.null(strata)) NULL else arr(as.character(strata)),
      weights = if (is.null(weights)) NULL else arr(weights)
    ),
    concordant = unname(count["concordant"]),
    discordant = unname(count["discordant"]),
    tiedX = unname(count["tied.x"]),
    tiedY = unname(count["tied.y"]),
    tiedXY = unname(count["tied.xy"]),
    concordance = unname(fit$concordance),
    variance = unname(fit$var)
  )
}

write_fixture("cox.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "coxph(formula, data, ties, x = TRUE) with coxph.control() defaults; matrices row-major;",
    "se = sqrt(diag(naive variance)); z, p, hr and limits from summary(fit);",
    "wald = fit$wald.test unrounded; baseline = basehaz(fit, centered);",
    "predictions = survfit(fit, newdata = one row), stdErr from summary(sf, censored = TRUE);",
    "zph = cox.zph(fit, transform, terms)$table"
  ),
  fits = cases,
  concordance = list(
    concordance_case("lung-age", "concordance(Surv(time, status) ~ age, lung)", lung$time, lung$status - 1, lung$age),
    concordance_case(
      "lung-age-by-sex-weighted", "concordance(Surv(time, status) ~ age + strata(sex), lung, weights)",
      lung$time, lung$status - 1, lung$age, strata = lung$sex, weights = 0.5 + (seq_len(nrow(lung)) %% 3) / 2
    ),
    concordance_case(
      "veteran-karno", "concordance(Surv(time, status) ~ karno, veteran): many ties in x",
      veteran$time, veteran$status, veteran$karno
    )
  )
))
