#!/bin/bash
# Wall time of one process against N = 1, 2, 3 array tasks plus the merge job, on a Slurm cluster whose nodes see
# this folder (docs/scale-out.md, "Measured on this machine"). Needs SLURM_CONF (or a default cluster) and JDML.
#   JDML="dotnet path/jdml.dll" deploy/slurm/measure/measure-array.sh WORKDIR
set -u
work=${1:?usage: measure-array.sh WORKDIR}
templates=$(cd "$(dirname "$0")/.." && pwd)
read -r -a jdml <<< "${JDML:-jdml}"
now() { date +%s.%N; }
mkdir -p "$work"
"${jdml[@]}" phantoms --out "$work/train" --joints hip --per-class 12 --seed 3 > /dev/null
"${jdml[@]}" train --data "$work/train" --out "$work/model" --joint hip --heads logreg --augment none --folds 3 --seed 5 > /dev/null
"${jdml[@]}" phantoms --out "$work/big" --joints hip --per-class 150 --seed 9 > /dev/null
model=$work/model/model.jdml
start=$(now); "${jdml[@]}" evaluate --model "$model" --data "$work/big" --out "$work/single" --bootstrap 200 > /dev/null
echo "single $(echo "$(now) - $start" | bc)"
for n in 1 2 3; do
  cpus=1; [ "$n" = 1 ] && cpus=2
  out=$work/array$n
  start=$(now)
  a=$(sbatch --parsable --array=0-$((n-1)) --cpus-per-task=$cpus --mem-per-cpu=500M -o "$work/task-%A_%a.out" \
      "$templates/jdml-array.sbatch" evaluate --model "$model" --data "$work/big" --out "$out" --bootstrap 200 --shard-count $n)
  m=$(sbatch --parsable --dependency=afterany:$a --mem=500M -o "$work/merge-%j.out" "$templates/jdml-merge.sbatch" --out "$out")
  while squeue -h -j "$a,$m" | grep -q .; do sleep 0.2; done
  echo "array$n $(echo "$(now) - $start" | bc) merge $(scontrol show job "$m" | grep -o 'ExitCode=[^ ]*')" \
       "same-metrics $(cmp -s "$work/single/metrics.json" "$out/metrics.json" && echo yes || echo no)"
done
start=$(now); "${jdml[@]}" merge --out "$work/array3" > /dev/null; echo "merge-alone $(echo "$(now) - $start" | bc)"
start=$(now); "${jdml[@]}" score --model "$model" --data "$work/big" --out "$work/score" > /dev/null; echo "score $(echo "$(now) - $start" | bc)"
start=$(now); "${jdml[@]}" score --model "$model" --data "$work/big" --out "$work/score-cold" --cache "$work/cache" > /dev/null; echo "score-cold-cache $(echo "$(now) - $start" | bc)"
start=$(now); "${jdml[@]}" score --model "$model" --data "$work/big" --out "$work/score-warm" --cache "$work/cache" > /dev/null; echo "score-warm-cache $(echo "$(now) - $start" | bc)"
du -sb "$work/cache/packs" "$work/big"; du -cb "$work"/array3/shards/*/records.csv | tail -1
uptime
