# Reference fixtures for carta's competing-risks estimators and for the `carta stats` CLI, computed
# by R itself.
#
# Writes, under packages/stats/test/fixtures/:
#   competing.json      cmprsk::cuminc() on real data sets (MASS::Melanoma, survival::mgus2,
#                       survival::pbc) and two small constructed ones: the input, every curve as
#                       cuminc returns it (all corners of the steps: time, est, var), Gray's tests
#                       (cuminc's Tests, plus the upper-tail p-value from pchisq(lower.tail = FALSE))
#                       and timepoints() at a few times; grouped, stratified and rho != 0.
#   competing-finegray.json  cmprsk::crr() (Fine-Gray) on the same data: coefficients, model-based
#                       and sandwich variances, pseudo-likelihoods, score, information, baseline
#                       jumps (bfitj) and predict() for a few rows; one fit stopped by maxiter.
#   competing-cli.json  CSV files written from R's data sets (lung, veteran, mgus2, Melanoma) and,
#                       for each `carta stats` command line run on them, the JSON the CLI must print,
#                       computed by survfit / survdiff / coxph / cox.zph / cuminc / crr on the data as
#                       read.csv() reads the same CSV text back (na.strings "" and "NA", strings as
#                       factors with sorted levels): snake_case fields, R's NA as "NA".
#
# Rerun from the repository root after changing anything here:
#   Rscript tools/r/competing-fixtures.R
# Needs R with the survival, MASS and cmprsk packages
# (Debian: r-base-core r-cran-survival r-cran-mass r-cran-cmprsk).
# The fixtures are committed, so the TypeScript tests never need R.
#
# Numbers are written with the shortest decimal form that reads back to the identical double
# (at most 17 significant digits); R's NA, NaN, Inf and -Inf are written as the strings
# "NA", "NaN", "Inf" and "-Inf".

suppressPackageStartupMessages({
  library(survival)
  library(MASS)
  library(cmprsk)
})

script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
if (length(script_path) != 1) stop("run this file with Rscript tools/r/competing-fixtures.R")

# the shared JSON writer and write_fixture(), into packages/stats/test/fixtures
source(file.path(dirname(script_path), "json-writer.R"))

generated_by <- list(
  script = "tools/r/competing-fixtures.R",
  rerun = "Rscript tools/r/competing-fixtures.R",
  r = R.version.string,
  survival = as.character(packageVersion("survival")),
  cmprsk = as.character(packageVersion("cmprsk"))
)

labels_of <- function(x) if (is.numeric(x)) arr(x) else arr(as.character(x))

# ---- data sets ----------------------------------------------------------------------------------

# MASS::Melanoma codes status 1 = died of melanoma, 2 = alive, 3 = died of other causes.
melanoma <- Melanoma
melanoma$status <- c(1, 0, 2)[Melanoma$status]

# survival::mgus2 as in the survival package's "compete" vignette: progression to a plasma-cell
# malignancy (1) or death without it (2), whichever comes first.
mgus <- mgus2
mgus$etime <- with(mgus2, ifelse(pstat == 0, futime, ptime))
mgus$event <- with(mgus2, ifelse(pstat == 0, 2 * death, 1))

# survival::pbc: status 0 = censored, 1 = liver transplant, 2 = death; by histologic stage.
pbc_stage <- pbc[!is.na(pbc$stage), ]

# Constructed: many ties across causes and censorings, three causes, group c without cause 3, and
# the last time of group a is two events (the event-free survival reaches 0 there).
ties <- data.frame(
  time = c(1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10, 1, 2, 3, 3, 5, 5, 7, 9, 9, 11),
  status = c(1, 2, 0, 1, 1, 3, 0, 2, 1, 2, 3, 0, 1, 1, 2, 3, 0, 1, 2, 2, 2, 1, 1, 0, 2, 1, 0, 2, 1, 1),
  group = c(rep("a", 10), rep("b", 10), rep("c", 10))
)

# Constructed: group b is censored before the first event, so no one in it is ever at risk at an
# event time and the variance of Gray's scores is singular (cuminc reports stat = -1).
singular <- data.frame(
  time = c(0.5, 0.5, 0.7, 1:10),
  status = c(0, 0, 0, 1, 2, 1, 0, 1, 2, 1, 1, 0, 1),
  group = c("b", "b", "b", rep("a", 10))
)

# ---- cumulative incidence -----------------------------------------------------------------------

cuminc_case <- function(name, source, time, status, group = NULL, strata = NULL, rho = 0, at) {
  args <- list(ftime = time, fstatus = status, rho = rho)
  if (!is.null(group)) args$group <- group
  if (!is.null(strata)) args$strata <- strata
  fit <- do.call(cuminc, args)
  curves <- fit[names(fit) != "Tests"]
  group_levels <- if (is.null(group)) "1" else levels(as.factor(group))
  causes <- sort(unique(status[status != 0]))
  keys <- expand.grid(group = group_levels, cause = causes, stringsAsFactors = FALSE)
  stopifnot(identical(names(curves), paste(keys$group, keys$cause)))
  tp <- timepoints(fit, at)
  tests <- NULL
  if (!is.null(fit$Tests)) {
    t <- fit$Tests
    tests <- list(
      cause = arr(as.numeric(rownames(t))),
      stat = arr(t[, "stat"]),
      pv = arr(t[, "pv"]),
      pUpper = arr(ifelse(t[, "stat"] < 0, NA, pchisq(t[, "stat"], t[, "df"], lower.tail = FALSE))),
      df = arr(t[, "df"])
    )
  }
  list(
    name = name,
    source = source,
    rho = rho,
    input = list(
      time = arr(time),
      status = arr(status),
      group = if (is.null(group)) NULL else labels_of(group),
      strata = if (is.null(strata)) NULL else labels_of(strata)
    ),
    groups = if (is.null(group)) NULL else arr(group_levels),
    causes = arr(causes),
    curves = lapply(seq_along(curves), function(i) {
      list(
        group = if (is.null(group)) NULL else keys$group[i],
        cause = keys$cause[i],
        time = arr(curves[[i]]$time),
        est = arr(curves[[i]]$est),
        var = arr(curves[[i]]$var)
      )
    }),
    tests = tests,
    at = list(
      time = arr(sort(unique(at))),
      est = lapply(seq_len(nrow(tp$est)), function(i) arr(tp$est[i, ])),
      var = lapply(seq_len(nrow(tp$var)), function(i) arr(tp$var[i, ]))
    )
  )
}

write_fixture("competing.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "cuminc(ftime, fstatus, group, strata, rho) with cencode = 0; curves in cuminc's order (cause by",
    "cause, groups in factor order), each with all corners of the step function as cuminc returns",
    "them; tests: cuminc's Tests (pv = 1 - pchisq) and pUpper = pchisq(stat, df, lower.tail = FALSE);",
    "at: timepoints(fit, times), one row per curve"
  ),
  cases = list(
    cuminc_case(
      "melanoma", "MASS::Melanoma, status recoded 1 = melanoma death, 2 = other death, 0 = alive",
      melanoma$time, melanoma$status, at = c(0, 100, 185, 1000, 1826, 3000, 5565, 6000)
    ),
    cuminc_case(
      "melanoma-ulcer", "MASS::Melanoma by ulceration (0/1)",
      melanoma$time, melanoma$status, melanoma$ulcer, at = c(185, 817, 1000, 2000, 3000, 4000, 5565)
    ),
    cuminc_case(
      "melanoma-ulcer-rho1", "MASS::Melanoma by ulceration, rho = 1",
      melanoma$time, melanoma$status, melanoma$ulcer, rho = 1, at = c(1000, 3000)
    ),
    cuminc_case(
      "melanoma-ulcer-by-sex", "MASS::Melanoma by ulceration, Gray's test stratified by sex",
      melanoma$time, melanoma$status, melanoma$ulcer, strata = melanoma$sex, at = c(1000, 3000)
    ),
    cuminc_case(
      "mgus2-sex", "survival::mgus2 (compete vignette): progression (1) vs death (2), by sex (F/M)",
      mgus$etime, mgus$event, as.character(mgus$sex), at = c(0, 12, 60, 120, 240, 424, 500)
    ),
    cuminc_case(
      "pbc-stage", "survival::pbc with stage known: transplant (1) vs death (2), four stages",
      pbc_stage$time, pbc_stage$status, pbc_stage$stage, at = c(365, 1826, 3652)
    ),
    cuminc_case(
      "pbc-stage-by-sex-rho-half", "survival::pbc by stage, stratified by sex (f/m), rho = 0.5",
      pbc_stage$time, pbc_stage$status, pbc_stage$stage, strata = as.character(pbc_stage$sex), rho = 0.5,
      at = c(1826)
    ),
    cuminc_case(
      "ties", "constructed: tied times across causes and censorings, three causes, groups a/b/c",
      ties$time, ties$status, ties$group, at = c(0, 1, 2.5, 4, 10, 10.5, 11)
    ),
    cuminc_case(
      "singular", "constructed: group b censored before the first event (singular Gray variance)",
      singular$time, singular$status, singular$group, at = c(0.6, 5, 10)
    )
  )
))

# ---- Fine-Gray regression ------------------------------------------------------------------------

row_major <- function(m) arr(as.vector(t(unname(as.matrix(m)))))

crr_case <- function(name, source, time, status, x, failcode = 1, maxiter = 10, newrows = 1:2) {
  x <- as.matrix(x)
  fit <- crr(time, status, x, failcode = failcode, maxiter = maxiter)
  b <- fit$coef
  model_se <- sqrt(diag(fit$invinf))
  robust_se <- sqrt(diag(fit$var))
  z <- b / robust_se
  q <- qnorm(0.975)
  lr <- 2 * (fit$loglik - fit$loglik.null)
  wald <- as.numeric(t(b) %*% solve(fit$var) %*% b)
  newx <- x[newrows, , drop = FALSE]
  pred <- predict(fit, newx)
  list(
    name = name,
    source = source,
    cause = failcode,
    maxIter = maxiter,
    input = list(time = arr(time), status = arr(status), names = arr(colnames(x)), x = row_major(x)),
    n = fit$n,
    converged = fit$converged,
    coefficients = list(
      coef = arr(b),
      se = arr(model_se),
      robustSe = arr(robust_se),
      z = arr(z),
      p = arr(pchisq(z^2, 1, lower.tail = FALSE)),
      hr = arr(exp(b)),
      hrLower = arr(exp(b - q * robust_se)),
      hrUpper = arr(exp(b + q * robust_se))
    ),
    loglikNull = fit$loglik.null,
    loglik = fit$loglik,
    likelihoodRatio = list(chisq = lr, df = length(b), p = pchisq(lr, length(b), lower.tail = FALSE)),
    wald = list(chisq = wald, df = length(b), p = pchisq(wald, length(b), lower.tail = FALSE)),
    score = arr(fit$score),
    information = row_major(fit$inf),
    modelVariance = row_major(fit$invinf),
    variance = row_major(fit$var),
    baseline = list(time = arr(fit$uftime), hazard = arr(fit$bfitj)),
    newX = row_major(newx),
    predictions = lapply(seq_len(nrow(newx)), function(i) arr(pred[, i + 1]))
  )
}

mgus_pcm <- na.omit(data.frame(etime = mgus$etime, event = mgus$event, age = mgus$age,
                               sexM = as.numeric(mgus$sex == "M"), mspike = mgus$mspike))
mgus_death <- na.omit(data.frame(etime = mgus$etime, event = mgus$event, age = mgus$age,
                                 sexM = as.numeric(mgus$sex == "M"), hgb = mgus$hgb))
ties_x <- cbind(groupb = as.numeric(ties$group == "b"), groupc = as.numeric(ties$group == "c"))

write_fixture("competing-finegray.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "crr(ftime, fstatus, cov1, failcode, maxiter) with cencode = 0 and defaults otherwise; matrices",
    "row-major; se = sqrt(diag(invinf)), robustSe = sqrt(diag(var)); z, p, hr and limits from robustSe",
    "with p = pchisq(z^2, 1, lower.tail = FALSE); wald = b' var^-1 b; predictions = predict(fit, newX)"
  ),
  fits = list(
    crr_case(
      "melanoma-melanoma-death", "MASS::Melanoma, melanoma death (1) vs other death (2)",
      melanoma$time, melanoma$status, melanoma[, c("sex", "age", "thickness", "ulcer")]
    ),
    crr_case(
      "melanoma-other-death", "MASS::Melanoma, other death (2) vs melanoma death (1)",
      melanoma$time, melanoma$status, melanoma[, c("age", "sex")], failcode = 2
    ),
    crr_case(
      "mgus2-progression", "survival::mgus2 complete cases: progression (1) vs death (2)",
      mgus_pcm$etime, mgus_pcm$event, mgus_pcm[, c("age", "sexM", "mspike")]
    ),
    crr_case(
      "mgus2-death", "survival::mgus2 complete cases: death without progression (2)",
      mgus_death$etime, mgus_death$event, mgus_death[, c("age", "sexM", "hgb")], failcode = 2
    ),
    crr_case(
      "pbc-death", "survival::pbc: death (2) with transplant (1) competing",
      pbc$time, pbc$status, cbind(age = pbc$age, logBili = log(pbc$bili), albumin = pbc$albumin,
                                  edema = pbc$edema), failcode = 2
    ),
    crr_case(
      "ties", "constructed data with tied times across causes and censorings: groups b, c vs a",
      ties$time, ties$status, ties_x, newrows = c(1, 11, 21)
    ),
    crr_case(
      "melanoma-maxiter-1", "MASS::Melanoma melanoma death with maxiter = 1 (does not converge)",
      melanoma$time, melanoma$status, melanoma[, c("sex", "age", "thickness", "ulcer")], maxiter = 1
    )
  )
))

# ---- the CLI: CSV files and the JSON that `carta stats` must print --------------------------------

csv_text <- function(df) {
  con <- textConnection("lines", "w", local = TRUE)
  write.csv(df, con, row.names = FALSE, na = "")
  close(con)
  paste0(paste(lines, collapse = "\n"), "\n")
}

read_back <- function(text) {
  read.csv(text = text, na.strings = c("", "NA"), stringsAsFactors = TRUE)
}

files <- list(
  "lung.csv" = csv_text(lung),
  "veteran.csv" = csv_text(transform(veteran, celltype = as.character(celltype))),
  "mgus2.csv" = csv_text(mgus[, c("id", "age", "sex", "hgb", "creat", "mspike", "etime", "event")]),
  "melanoma.csv" = csv_text(melanoma)
)
tables <- lapply(files, read_back)

used_rows <- function(d, columns) complete.cases(d[, columns, drop = FALSE])

test_json <- function(chisq, df) list(chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))

km_expected <- function(d, time, event, group = NULL) {
  keep <- used_rows(d, c(time, event, group))
  d <- d[keep, ]
  f <- if (is.null(group)) {
    survfit(as.formula(sprintf("Surv(%s, %s) ~ 1", time, event)), data = d)
  } else {
    survfit(as.formula(sprintf("Surv(%s, %s) ~ %s", time, event, group)), data = d)
  }
  s <- summary(f, censored = TRUE)
  table <- summary(f)$table
  if (is.null(group)) table <- t(as.matrix(table))
  strata <- if (is.null(group)) rep("all", length(s$time)) else as.character(s$strata)
  levels <- if (is.null(group)) "all" else names(f$strata)
  list(
    n = nrow(d),
    n_event = sum(f$n.event),
    n_dropped = sum(!keep),
    groups = lapply(seq_along(levels), function(k) {
      rows <- strata == levels[k]
      list(
        group = if (is.null(group)) NULL else sub("^[^=]*=", "", levels[k]),
        n = unname(table[k, "records"]),
        time = arr(s$time[rows]),
        n_risk = arr(s$n.risk[rows]),
        n_event = arr(s$n.event[rows]),
        n_censor = arr(s$n.censor[rows]),
        survival = arr(s$surv[rows]),
        std_err = arr(s$std.err[rows]),
        lower = arr(s$lower[rows]),
        upper = arr(s$upper[rows]),
        median = unname(table[k, "median"]),
        median_lower = unname(table[k, "0.95LCL"]),
        median_upper = unname(table[k, "0.95UCL"])
      )
    })
  )
}

logrank_expected <- function(d, time, event, group, strata = NULL) {
  keep <- used_rows(d, c(time, event, group, strata))
  d <- d[keep, ]
  rhs <- if (is.null(strata)) group else sprintf("%s + strata(%s)", group, strata)
  f <- survdiff(as.formula(sprintf("Surv(%s, %s) ~ %s", time, event, rhs)), data = d)
  observed <- if (is.matrix(f$obs)) rowSums(f$obs) else f$obs
  expected <- if (is.matrix(f$exp)) rowSums(f$exp) else f$exp
  df <- sum(expected > 0) - 1
  list(
    chisq = f$chisq,
    df = df,
    p = pchisq(f$chisq, df, lower.tail = FALSE),
    n = nrow(d),
    n_dropped = sum(!keep),
    groups = lapply(seq_along(observed), function(k) {
      list(
        group = sub("^[^=]*=", "", names(f$n)[k]),
        n = unname(as.vector(f$n)[k]),
        observed = unname(observed[k]),
        expected = unname(expected[k])
      )
    })
  )
}

cox_fit <- function(d, time, event, covariates, ties = "efron", strata = NULL, cluster = NULL,
                    categorical = NULL) {
  keep <- used_rows(d, c(time, event, covariates, strata, cluster))
  for (column in categorical) d[[column]] <- factor(d[[column]])
  rhs <- paste(c(covariates, if (!is.null(strata)) sprintf("strata(%s)", strata),
                 if (!is.null(cluster)) sprintf("cluster(%s)", cluster)), collapse = " + ")
  f <- coxph(as.formula(sprintf("Surv(%s, %s) ~ %s", time, event, rhs)), data = d, ties = ties)
  stopifnot(f$n == sum(keep))
  list(fit = f, n_dropped = sum(!keep))
}

cox_expected <- function(...) {
  run <- cox_fit(...)
  f <- run$fit
  s <- summary(f)
  robust <- !is.null(f$naive.var)
  model_var <- if (robust) f$naive.var else f$var
  coefs <- s$coefficients
  conf <- s$conf.int
  df <- sum(!is.na(f$coefficients))
  list(
    n = f$n,
    n_event = f$nevent,
    n_dropped = run$n_dropped,
    coefficients = lapply(seq_along(f$coefficients), function(j) {
      list(
        name = names(f$coefficients)[j],
        coef = unname(f$coefficients[j]),
        se = sqrt(model_var[j, j]),
        robust_se = if (robust) sqrt(f$var[j, j]) else NULL,
        z = unname(coefs[j, "z"]),
        p = unname(coefs[j, "Pr(>|z|)"]),
        hr = unname(conf[j, "exp(coef)"]),
        hr_lower = unname(conf[j, "lower .95"]),
        hr_upper = unname(conf[j, "upper .95"])
      )
    }),
    loglik_null = f$loglik[1],
    loglik = f$loglik[2],
    lr_test = test_json(-2 * (f$loglik[1] - f$loglik[2]), df),
    wald_test = test_json(f$wald.test, df),
    score_test = test_json(f$score, df),
    concordance = unname(f$concordance["concordance"]),
    concordance_std_err = unname(f$concordance["std"])
  )
}

zph_expected <- function(...) {
  run <- cox_fit(...)
  z <- cox.zph(run$fit)$table
  k <- nrow(z)
  list(
    n = run$fit$n,
    n_dropped = run$n_dropped,
    terms = lapply(seq_len(k - 1), function(i) {
      list(name = rownames(z)[i], chisq = z[i, "chisq"], df = z[i, "df"], p = z[i, "p"])
    }),
    global = list(chisq = z[k, "chisq"], df = z[k, "df"], p = z[k, "p"])
  )
}

cif_expected <- function(d, time, status, group = NULL) {
  keep <- used_rows(d, c(time, status, group))
  d <- d[keep, ]
  g <- if (is.null(group)) NULL else d[[group]]
  fit <- if (is.null(g)) cuminc(d[[time]], d[[status]]) else cuminc(d[[time]], d[[status]], g)
  curves <- fit[names(fit) != "Tests"]
  group_levels <- if (is.null(g)) "1" else levels(as.factor(g))
  causes <- sort(unique(d[[status]][d[[status]] != 0]))
  keys <- expand.grid(group = group_levels, cause = causes, stringsAsFactors = FALSE)
  stopifnot(identical(names(curves), paste(keys$group, keys$cause)))
  gray <- NULL
  if (!is.null(fit$Tests)) {
    t <- fit$Tests
    gray <- lapply(seq_len(nrow(t)), function(i) {
      c(list(cause = as.numeric(rownames(t)[i])), test_json(t[i, "stat"], t[i, "df"]))
    })
  }
  list(
    n = nrow(d),
    n_dropped = sum(!keep),
    causes = lapply(seq_along(curves), function(i) {
      cv <- curves[[i]]
      # cuminc lists every corner (0, t1, t1, t2, t2, ..., last follow-up); the jumps are at 3, 5, ...
      jumps <- if (length(cv$time) > 2) seq(3, length(cv$time) - 1, by = 2) else integer(0)
      list(
        cause = keys$cause[i],
        group = if (is.null(g)) NULL else keys$group[i],
        time = arr(cv$time[jumps]),
        cumulative_incidence = arr(cv$est[jumps]),
        std_err = arr(sqrt(cv$var[jumps]))
      )
    }),
    gray_test = gray
  )
}

finegray_expected <- function(d, time, status, cause, covariates) {
  keep <- used_rows(d, c(time, status, covariates))
  d <- d[keep, ]
  x <- model.matrix(as.formula(paste("~", paste(covariates, collapse = " + "))), d)[, -1, drop = FALSE]
  f <- crr(d[[time]], d[[status]], x, failcode = cause)
  b <- f$coef
  robust_se <- sqrt(diag(f$var))
  z <- b / robust_se
  q <- qnorm(0.975)
  lr <- 2 * (f$loglik - f$loglik.null)
  wald <- as.numeric(t(b) %*% solve(f$var) %*% b)
  list(
    n = f$n,
    n_event = sum(d[[status]] == cause),
    n_competing = sum(d[[status]] != cause & d[[status]] != 0),
    n_dropped = sum(!keep),
    converged = f$converged,
    coefficients = lapply(seq_along(b), function(j) {
      list(
        name = colnames(x)[j],
        coef = unname(b[j]),
        se = sqrt(f$invinf[j, j]),
        robust_se = unname(robust_se[j]),
        z = unname(z[j]),
        p = pchisq(unname(z[j])^2, 1, lower.tail = FALSE),
        hr = exp(unname(b[j])),
        hr_lower = exp(unname(b[j] - q * robust_se[j])),
        hr_upper = exp(unname(b[j] + q * robust_se[j]))
      )
    }),
    loglik_null = f$loglik.null,
    loglik = f$loglik,
    lr_test = test_json(lr, length(b)),
    wald_test = test_json(wald, length(b))
  )
}

cli_case <- function(name, file, args, expected) {
  list(name = name, file = file, args = arr(args), expected = expected)
}

lung_t <- tables[["lung.csv"]]
veteran_t <- tables[["veteran.csv"]]
mgus_t <- tables[["mgus2.csv"]]
melanoma_t <- tables[["melanoma.csv"]]

cli_cases <- list(
  cli_case(
    "km-lung", "lung.csv", c("km", "--time", "time", "--event", "status"),
    km_expected(lung_t, "time", "status")
  ),
  cli_case(
    "km-lung-sex", "lung.csv", c("km", "--time", "time", "--event", "status", "--group", "sex"),
    km_expected(lung_t, "time", "status", "sex")
  ),
  cli_case(
    "km-lung-ecog", "lung.csv", c("km", "--time", "time", "--event", "status", "--group", "ph.ecog"),
    km_expected(lung_t, "time", "status", "ph.ecog")
  ),
  cli_case(
    "km-veteran-celltype", "veteran.csv", c("km", "--time", "time", "--event", "status", "--group", "celltype"),
    km_expected(veteran_t, "time", "status", "celltype")
  ),
  cli_case(
    "logrank-lung-ecog", "lung.csv", c("logrank", "--time", "time", "--event", "status", "--group", "ph.ecog"),
    logrank_expected(lung_t, "time", "status", "ph.ecog")
  ),
  cli_case(
    "logrank-veteran-trt-by-celltype", "veteran.csv",
    c("logrank", "--time", "time", "--event", "status", "--group", "trt", "--strata", "celltype"),
    logrank_expected(veteran_t, "time", "status", "trt", "celltype")
  ),
  cli_case(
    "cox-lung", "lung.csv",
    c("cox", "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog,wt.loss"),
    cox_expected(lung_t, "time", "status", c("age", "sex", "ph.ecog", "wt.loss"))
  ),
  cli_case(
    "cox-lung-breslow", "lung.csv",
    c("cox", "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog,wt.loss",
      "--ties", "breslow"),
    cox_expected(lung_t, "time", "status", c("age", "sex", "ph.ecog", "wt.loss"), ties = "breslow")
  ),
  cli_case(
    "cox-lung-strata-cluster", "lung.csv",
    c("cox", "--time", "time", "--event", "status", "--covariates", "age,ph.ecog", "--strata", "sex",
      "--cluster", "inst"),
    cox_expected(lung_t, "time", "status", c("age", "ph.ecog"), strata = "sex", cluster = "inst")
  ),
  cli_case(
    "cox-veteran-celltype", "veteran.csv",
    c("cox", "--time", "time", "--event", "status", "--covariates", "trt,celltype,karno,prior"),
    cox_expected(veteran_t, "time", "status", c("trt", "celltype", "karno", "prior"))
  ),
  cli_case(
    "cox-veteran-categorical-trt", "veteran.csv",
    c("cox", "--time", "time", "--event", "status", "--covariates", "trt,karno", "--categorical", "trt"),
    cox_expected(veteran_t, "time", "status", c("trt", "karno"), categorical = "trt")
  ),
  cli_case(
    "cox-zph-lung", "lung.csv",
    c("cox-zph", "--time", "time", "--event", "status", "--covariates", "age,sex,ph.ecog"),
    zph_expected(lung_t, "time", "status", c("age", "sex", "ph.ecog"))
  ),
  cli_case(
    "cox-zph-veteran-celltype", "veteran.csv",
    c("cox-zph", "--time", "time", "--event", "status", "--covariates", "trt,celltype,karno,prior"),
    zph_expected(veteran_t, "time", "status", c("trt", "celltype", "karno", "prior"))
  ),
  cli_case(
    "cif-mgus2-sex", "mgus2.csv", c("cif", "--time", "etime", "--status", "event", "--group", "sex"),
    cif_expected(mgus_t, "etime", "event", "sex")
  ),
  cli_case(
    "cif-melanoma", "melanoma.csv", c("cif", "--time", "time", "--status", "status"),
    cif_expected(melanoma_t, "time", "status")
  ),
  cli_case(
    "finegray-melanoma", "melanoma.csv",
    c("finegray", "--time", "time", "--status", "status", "--cause", "1", "--covariates",
      "sex,age,thickness,ulcer"),
    finegray_expected(melanoma_t, "time", "status", 1, c("sex", "age", "thickness", "ulcer"))
  ),
  cli_case(
    "finegray-mgus2-sex-categorical", "mgus2.csv",
    c("finegray", "--time", "etime", "--status", "event", "--cause", "2", "--covariates", "age,sex,mspike"),
    finegray_expected(mgus_t, "etime", "event", 2, c("age", "sex", "mspike"))
  ),
  cli_case(
    "cif-melanoma-ulcer", "melanoma.csv", c("cif", "--time", "time", "--status", "status", "--group", "ulcer"),
    cif_expected(melanoma_t, "time", "status", "ulcer")
  )
)

write_fixture("competing-cli.json", list(
  generatedBy = generated_by,
  conventions = paste(
    "files: CSV text from write.csv(na = ''); expected: the CLI's JSON computed by R on",
    "read.csv(text, na.strings = c('', 'NA'), stringsAsFactors = TRUE), complete cases of the used",
    "columns; p-values pchisq(lower.tail = FALSE); NA written as \"NA\" (the CLI prints null)"
  ),
  files = files,
  cases = cli_cases
))
