using JointDislocation.ML.Backbones;

namespace JointDislocation.ML.Tests.Backbones;

public class CpuBudgetTests
{
    [Test]
    public void Threads_follow_the_cpus_slurm_gave_the_task_never_more_than_the_process_may_use()
    {
        var available = Environment.ProcessorCount;

        Assert.That(CpuBudget.Processors(name => name == "SLURM_CPUS_PER_TASK" ? "1" : null), Is.EqualTo(1));
        Assert.That(CpuBudget.Processors(name => name == "SLURM_CPUS_PER_TASK" ? "4096" : null), Is.EqualTo(available));
        Assert.That(CpuBudget.Processors(_ => null), Is.EqualTo(available), "outside Slurm: the CPUs the affinity allows");
        Assert.That(CpuBudget.Processors(_ => "0"), Is.EqualTo(available));
        Assert.That(CpuBudget.Processors(_ => "two"), Is.EqualTo(available));
        Assert.That(new OnnxBackboneOptions { ModelPath = "m", InputName = "i", PooledOutputName = "p", MapOutputName = "m" }.EffectiveIntraOpThreads,
            Is.EqualTo(CpuBudget.Processors()));
    }
}
