#!/usr/bin/env Rscript
# Generates the pROC reference values for the Evaluation tests of JointDislocation.ML.
#
#   cd tests/JointDislocation.ML.Tests/TestData/Statistics && Rscript make_reference.R && /usr/bin/python3 make_reference.py
#
# Needs R's pROC 1.18.x (Debian: r-cran-proc). Writes:
#   cases/<name>.csv        label (0/1), score, score2 — the data of each case (score2 is a second, paired score)
#   proc_reference.json     pROC's AUC, DeLong variance/SE/CI and paired/unpaired roc.test results
#   cli/<name>.csv          held-out cases for the `jdml roc` end-to-end tests, in assorted CSV dialects
#   cli_reference.json      pROC's figures for those, with the jdml arguments to use
# Every roc() call uses levels = c(0, 1) and direction = "<" (controls < cases: higher score = positive) so that
# pROC never flips the direction on its own.
suppressPackageStartupMessages(library(pROC))
stopifnot(packageVersion("pROC") >= "1.18.0", packageVersion("pROC") < "1.19.0")

num <- function(x) {
  if (length(x) == 0 || is.null(x) || is.na(x) || !is.finite(x)) return("null")
  sprintf("%.17g", x)
}
field <- function(name, value) sprintf("\"%s\": %s", name, value)
obj <- function(fields) paste0("{", paste(fields, collapse = ", "), "}")

make_roc <- function(label, score) roc(label, score, levels = c(0, 1), direction = "<", quiet = TRUE)

delong_fields <- function(r, prefix = "") {
  v <- tryCatch(var(r, method = "delong"), error = function(e) NA_real_)
  ci95 <- tryCatch(as.numeric(ci.auc(r, method = "delong", conf.level = 0.95)), error = function(e) c(NA, NA, NA))
  ci90 <- tryCatch(as.numeric(ci.auc(r, method = "delong", conf.level = 0.90)), error = function(e) c(NA, NA, NA))
  c(field(paste0(prefix, "auc"), num(as.numeric(auc(r)))),
    field(paste0(prefix, "variance"), num(v)),
    field(paste0(prefix, "se"), num(sqrt(v))),
    field(paste0(prefix, "lower95"), num(ci95[1])),
    field(paste0(prefix, "upper95"), num(ci95[3])),
    field(paste0(prefix, "lower90"), num(ci90[1])),
    field(paste0(prefix, "upper90"), num(ci90[3])))
}

test_fields <- function(r1, r2, paired) {
  t <- tryCatch(suppressWarnings(roc.test(r1, r2, method = "delong", paired = paired)), error = function(e) NULL)
  if (is.null(t)) return(c(field("z", "null"), field("pValue", "null")))
  c(field("z", num(as.numeric(t$statistic))), field("pValue", num(as.numeric(t$p.value))))
}

set.seed(20221121)
cases <- list()
add <- function(name, label, score, score2 = NULL) {
  if (is.null(score2)) score2 <- score + rnorm(length(score), sd = sd(score) + 0.5)
  cases[[name]] <<- data.frame(label = as.integer(label), score = score, score2 = score2)
}
two <- function(m, k, d, sd = 1) c(rnorm(m, d, sd), rnorm(k, 0, sd))
lab <- function(m, k) c(rep(1L, m), rep(0L, k))

add("tiny_1v1_right", c(1, 0), c(0.9, 0.1), c(0.2, 0.8))
add("tiny_1v1_wrong", c(1, 0), c(0.1, 0.9), c(0.5, 0.5))
add("tiny_1v1_tied", c(1, 0), c(0.5, 0.5), c(0.7, 0.1))
add("tiny_2v3", c(1, 0, 1, 0, 0), c(0.8, 0.3, 0.4, 0.6, 0.1), c(0.7, 0.2, 0.9, 0.1, 0.4))
add("tiny_3v2_ties", c(1, 1, 1, 0, 0), c(2, 1, 1, 1, 0), c(1, 1, 0, 0, 1))
add("tiny_2v2", c(0, 1, 0, 1), c(3, 4, 5, 6), c(6, 5, 4, 3))
add("perfect_separation", lab(10, 10), c(runif(10, 0.6, 1), runif(10, 0, 0.4)))
add("reversed_separation", lab(10, 10), c(runif(10, 0, 0.4), runif(10, 0.6, 1)))
add("all_tied", lab(6, 9), rep(0.5, 15), c(rep(1, 6), rep(0, 9)) * 0 + seq_len(15))
add("binary_score", lab(30, 30), c(rbinom(30, 1, 0.8), rbinom(30, 1, 0.3)), c(rbinom(30, 1, 0.6), rbinom(30, 1, 0.4)))
add("heavy_ties_round1", lab(100, 100), round(two(100, 100, 0.7), 1))
add("rating_scale_5", lab(50, 50), c(sample(1:5, 50, TRUE, c(.05, .1, .2, .3, .35)), sample(1:5, 50, TRUE, c(.35, .3, .2, .1, .05))),
    c(sample(1:5, 50, TRUE, c(.1, .1, .2, .3, .3)), sample(1:5, 50, TRUE, c(.3, .3, .2, .1, .1))))
add("rating_scale_5_small", lab(12, 18), c(sample(1:5, 12, TRUE), sample(1:4, 18, TRUE)), c(sample(2:5, 12, TRUE), sample(1:5, 18, TRUE)))
add("rating_0_100", lab(150, 150), c(pmin(100, pmax(0, round(rnorm(150, 60, 20)))), pmin(100, pmax(0, round(rnorm(150, 45, 20))))))
add("normal_d1_50v50", lab(50, 50), two(50, 50, 1))
add("normal_d05_100v100", lab(100, 100), two(100, 100, 0.5))
add("near_chance", lab(60, 40), two(60, 40, 0.05))
add("imbalance_5v200", lab(5, 200), two(5, 200, 1.2))
add("imbalance_200v5", lab(200, 5), two(200, 5, 1.2))
add("imbalance_2v500", lab(2, 500), two(2, 500, 1.5))
add("imbalance_1v50", lab(1, 50), two(1, 50, 1))
add("imbalance_50v1", lab(50, 1), two(50, 1, 1))
add("shuffled_labels", sample(lab(40, 60)), rnorm(100))
add("large_logits", lab(80, 120), two(80, 120, 20, sd = 30) * 1e4)
add("negative_scores", lab(40, 40), -exp(two(40, 40, 0.6)))
add("probabilities_logistic", lab(70, 130), plogis(two(70, 130, 1.5, sd = 1.5)))
add("exponential_skewed", lab(60, 90), c(rexp(60, 0.5), rexp(90, 1)))
add("study_internal_like", lab(50, 50), plogis(two(50, 50, 4.5)))
add("study_external_like", lab(50, 50), plogis(two(50, 50, 1.7)))
add("paired_identical", lab(30, 30), two(30, 30, 1), NULL)
cases[["paired_identical"]]$score2 <- cases[["paired_identical"]]$score
add("paired_reversed", lab(25, 35), two(25, 35, 0.8), NULL)
cases[["paired_reversed"]]$score2 <- -cases[["paired_reversed"]]$score
add("beta_1000", lab(300, 700), c(rbeta(300, 3, 2), rbeta(700, 2, 3)))
add("large_5000", lab(2500, 2500), two(2500, 2500, 0.8))
add("large_5000_imbalanced", lab(250, 4750), two(250, 4750, 1))
add("large_5000_ties", lab(2000, 3000), round(two(2000, 3000, 0.6), 1))

dir.create("cases", showWarnings = FALSE)
entries <- character()
for (name in names(cases)) {
  d <- cases[[name]]
  write.csv(d, file.path("cases", paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
  # Read back what was written so the reference is computed on exactly the decimal text the tests parse.
  d <- read.csv(file.path("cases", paste0(name, ".csv")))
  r1 <- make_roc(d$label, d$score)
  r2 <- make_roc(d$label, d$score2)
  entries <- c(entries, obj(c(field("name", sprintf("\"%s\"", name)),
    field("n", nrow(d)), field("positives", sum(d$label == 1)), field("negatives", sum(d$label == 0)),
    delong_fields(r1), delong_fields(r2, "score2_"),
    sprintf("\"paired\": %s", obj(test_fields(r1, r2, TRUE))))))
}

unpaired <- list(c("study_internal_like", "study_external_like"), c("normal_d1_50v50", "normal_d05_100v100"),
  c("rating_scale_5", "heavy_ties_round1"), c("large_5000", "large_5000_ties"), c("tiny_2v3", "tiny_3v2_ties"),
  c("imbalance_5v200", "probabilities_logistic"), c("perfect_separation", "near_chance"), c("beta_1000", "large_5000_imbalanced"))
u_entries <- character()
for (p in unpaired) {
  a <- read.csv(file.path("cases", paste0(p[1], ".csv")))
  b <- read.csv(file.path("cases", paste0(p[2], ".csv")))
  u_entries <- c(u_entries, obj(c(field("first", sprintf("\"%s\"", p[1])), field("second", sprintf("\"%s\"", p[2])),
    test_fields(make_roc(a$label, a$score), make_roc(b$label, b$score), FALSE))))
}

header <- c(field("generator", "\"make_reference.R\""),
  field("pROC", sprintf("\"%s\"", as.character(packageVersion("pROC")))),
  field("R", sprintf("\"%s\"", paste(R.version$major, R.version$minor, sep = "."))),
  field("direction", "\"<\""))
writeLines(paste0("{", paste(header, collapse = ", "), ",\n\"cases\": [\n", paste(entries, collapse = ",\n"),
  "\n],\n\"unpaired\": [\n", paste(u_entries, collapse = ",\n"), "\n]}"), "proc_reference.json")

# Held-out cases for `jdml roc`: never used by the unit tests, written in the CSV dialects the reader must accept.
set.seed(7041)
dir.create("cli", showWarnings = FALSE)
write_text <- function(path, lines, eol = "\n", bom = FALSE) {
  con <- file(path, "wb")
  if (bom) writeBin(as.raw(c(0xEF, 0xBB, 0xBF)), con)
  writeBin(charToRaw(paste0(paste(lines, collapse = eol), eol)), con)
  close(con)
}
fmt <- function(x) sprintf("%.10g", x)
cli <- character()
cli_case <- function(name, args, label, score, score2 = NULL) {
  s <- as.numeric(fmt(score))
  r1 <- make_roc(label, s)
  f <- c(field("name", sprintf("\"%s\"", name)), field("args", paste0("[", paste(sprintf("\"%s\"", args), collapse = ", "), "]")),
    field("n", length(label)), field("positives", sum(label == 1)), field("negatives", sum(label == 0)), delong_fields(r1))
  if (!is.null(score2)) {
    r2 <- make_roc(label, as.numeric(fmt(score2)))
    f <- c(f, field("auc2", num(as.numeric(auc(r2)))), test_fields(r1, r2, TRUE))
  }
  cli <<- c(cli, obj(f))
}

# 1: quoted header, label names, CRLF.
l <- sample(lab(45, 55)); s <- ifelse(l == 1, rnorm(100, 1), rnorm(100, 0))
write_text("cli/quoted_names_crlf.csv", c("\"image\",\"label\",\"score\"",
  sprintf("\"img_%03d.png\",\"%s\",%s", seq_along(l), ifelse(l == 1, "dislocated", "located"), fmt(s))), eol = "\r\n")
cli_case("quoted_names_crlf", character(), l, s)
# 2: true/false labels, other column names, a paired second score, BOM.
l <- sample(lab(60, 90)); s <- ifelse(l == 1, rnorm(150, 0.9), rnorm(150, 0)); s2 <- s + rnorm(150, 0, 1.2)
write_text("cli/truefalse_bom_compare.csv", c("truth,prob_a,prob_b",
  sprintf("%s,%s,%s", ifelse(l == 1, "true", "false"), fmt(s), fmt(s2))), bom = TRUE)
cli_case("truefalse_bom_compare", c("--label", "truth", "--score", "prob_a", "--compare", "prob_b"), l, s, s2)
# 3: 0/1 labels, rating scale with heavy ties, label not the first column.
l <- sample(lab(30, 70)); s <- ifelse(l == 1, sample(1:5, 100, TRUE, c(.1, .1, .2, .3, .3)), sample(1:5, 100, TRUE, c(.3, .3, .2, .1, .1)))
write_text("cli/rating_01.csv", c("score,label", sprintf("%d,%d", s, l)))
cli_case("rating_01", character(), l, s)
# 4: strong imbalance, quoted numbers, level 0.95 given explicitly.
l <- sample(lab(8, 300)); s <- ifelse(l == 1, rnorm(308, 1.3), rnorm(308, 0))
write_text("cli/imbalanced_quoted.csv", c("label,score", sprintf("\"%d\",\"%s\"", l, fmt(s))))
cli_case("imbalanced_quoted", c("--level", "0.95"), l, s)
writeLines(paste0("{", paste(header, collapse = ", "), ",\n\"cases\": [\n", paste(cli, collapse = ",\n"), "\n]}"), "cli_reference.json")
cat("wrote", length(cases), "cases,", length(unpaired), "unpaired tests,", length(cli), "CLI cases\n")
