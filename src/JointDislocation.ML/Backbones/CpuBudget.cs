using System.Globalization;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// How many CPUs this process was given, for ONNX Runtime's intra-op threads: a scheduler's grant
/// (<c>SLURM_CPUS_PER_TASK</c>) when set, else the CPUs the process may run on. .NET's
/// <see cref="Environment.ProcessorCount"/> already honours the process's CPU affinity and a cgroup CPU limit on
/// Linux (checked: <c>taskset -c 0</c> gives 1 on a 2-core machine), so a task that was given 2 cores of a 64-core
/// node starts 2 threads, not 64 that fight over them.
/// </summary>
internal static class CpuBudget
{
    public const string SlurmCpusPerTask = "SLURM_CPUS_PER_TASK";

    public static int Processors(Func<string, string?>? variable = null)
    {
        var available = Environment.ProcessorCount;
        var granted = (variable ?? Environment.GetEnvironmentVariable)(SlurmCpusPerTask);
        return int.TryParse(granted, NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) && cpus >= 1
            ? Math.Min(cpus, available)
            : available;
    }
}
