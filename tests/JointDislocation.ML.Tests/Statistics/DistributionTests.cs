using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

/// <summary>The normal and t distributions against R (pnorm, qnorm, pt) values printed with 17 digits.</summary>
public class DistributionTests
{
    [TestCase(0.1, 0.53982783727702899, 0.46017216272297101)]
    [TestCase(1, 0.84134474606854293, 0.15865525393145705)]
    [TestCase(1.959963984540054, 0.97499999999999998, 0.025000000000000012)]
    [TestCase(3, 0.9986501019683699, 0.0013498980316300946)]
    [TestCase(5, 0.99999971334842808, 2.8665157187919391e-07)]
    [TestCase(8.5, 1, 9.4795348222033192e-18)]
    [TestCase(20, 1, 2.7536241186062337e-89)]
    public void Normal_cdf_matches_R_pnorm(double z, double upper, double lower)
    {
        Assert.That(NormalDistribution.Cdf(z), Is.EqualTo(upper).Within(1e-15));
        Assert.That(NormalDistribution.Cdf(-z), Is.EqualTo(lower).Within(1e-10).Percent);
    }

    [TestCase(0.5, 0)]
    [TestCase(0.95, 1.6448536269514715)]
    [TestCase(0.975, 1.9599639845400536)]
    [TestCase(0.995, 2.5758293035488999)]
    [TestCase(0.9999, 3.7190164854557084)]
    [TestCase(1e-10, -6.3613409024040557)]
    [TestCase(0.02, -2.0537489106318225)]
    public void Normal_quantile_matches_R_qnorm(double p, double expected)
    {
        Assert.That(NormalDistribution.Quantile(p), Is.EqualTo(expected).Within(1e-13));
    }

    [Test]
    public void Normal_handles_infinities_and_edges()
    {
        Assert.That(NormalDistribution.Cdf(double.PositiveInfinity), Is.EqualTo(1));
        Assert.That(NormalDistribution.Cdf(double.NegativeInfinity), Is.Zero);
        Assert.That(NormalDistribution.TwoSidedPValue(double.PositiveInfinity), Is.Zero);
        Assert.That(NormalDistribution.TwoSidedPValue(0), Is.EqualTo(1));
        Assert.That(NormalDistribution.Quantile(0), Is.EqualTo(double.NegativeInfinity));
        Assert.That(NormalDistribution.Quantile(1.5), Is.NaN);
    }

    [TestCase(4.4361360721446443, 96.3, 0.99998782758903415, 1.2172410965903021e-05)]
    [TestCase(1.2, 3.5, 0.84749275731106788, 0.15250724268893209)]
    [TestCase(0.5, 1, 0.64758361765043326, 0.35241638234956679)]
    [TestCase(2.5, 2, 0.9351941398892446, 0.064805860110755398)]
    [TestCase(6.1, 9876.5, 0.99999999944976703, 5.5023297329687243e-10)]
    [TestCase(10, 4.2, 0.99978072346189284, 0.00021927653810715399)]
    [TestCase(0.3, 250, 0.61778677549197525, 0.38221322450802475)]
    [TestCase(12, 30, 0.999999999999721, 2.7900927075996303e-13)]
    public void Student_t_cdf_matches_R_pt(double t, double df, double upper, double lower)
    {
        Assert.That(StudentT.Cdf(t, df), Is.EqualTo(upper).Within(1e-13));
        Assert.That(StudentT.Cdf(-t, df), Is.EqualTo(lower).Within(1e-9).Percent);
    }
}
