namespace JointDislocation.ML.Statistics;

/// <summary>
/// Student's t distribution with real degrees of freedom, for pROC's unpaired DeLong test (a Welch–Satterthwaite
/// t statistic). The CDF goes through the regularized incomplete beta function, evaluated by its continued fraction.
/// </summary>
internal static class StudentT
{
    /// <summary>P(T ≤ t) with <paramref name="degreesOfFreedom"/> degrees of freedom (∞ gives the normal).</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || double.IsNaN(degreesOfFreedom) || degreesOfFreedom <= 0)
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(degreesOfFreedom))
        {
            return NormalDistribution.Cdf(t);
        }

        if (double.IsInfinity(t))
        {
            return t > 0 ? 1 : 0;
        }

        // P(T ≤ −|t|) = ½ I_x(ν/2, ½) with x = ν / (ν + t²).
        var x = degreesOfFreedom / (degreesOfFreedom + t * t);
        var tail = 0.5 * RegularizedIncompleteBeta(x, degreesOfFreedom / 2, 0.5);
        return t <= 0 ? tail : 1 - tail;
    }

    /// <summary>The two-sided p-value 2·P(T ≤ −|t|).</summary>
    public static double TwoSidedPValue(double t, double degreesOfFreedom) =>
        double.IsNaN(t) ? double.NaN : Math.Min(1.0, 2 * Cdf(-Math.Abs(t), degreesOfFreedom));

    /// <summary>I_x(a, b).</summary>
    internal static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        // The continued fraction converges fast for x below the mean; above it use I_x(a,b) = 1 − I_{1−x}(b,a).
        if (x > (a + 1) / (a + b + 2))
        {
            return 1 - RegularizedIncompleteBeta(1 - x, b, a);
        }

        var logFront = a * Math.Log(x) + b * Math.Log(1 - x) - LogBeta(a, b);
        return Math.Exp(logFront) / a * BetaContinuedFraction(x, a, b);
    }

    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        // Lanczos approximation, g = 7, nine terms (relative error ~1e-15).
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < c.Length; i++)
        {
            sum += c[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    private static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    // 1 / (1 + d1 / (1 + d2 / (1 + …))) by the modified Lentz method, with
    // d(2m+1) = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and d(2m) = m(b−m)x / ((a+2m−1)(a+2m)).
    private static double BetaContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        var c = 1.0;
        var d = 1 - (a + b) * x / (a + 1);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var f = d;
        for (var m = 1; m < 100_000; m++)
        {
            var even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + even * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + even / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            f *= d * c;

            var odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + odd * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + odd / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return f;
    }
}
