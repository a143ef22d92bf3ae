namespace JointDislocation.ML.Statistics;

/// <summary>
/// The standard normal distribution to double precision, for confidence intervals and p-values. .NET has no erf,
/// and the figures must agree with R's <c>pnorm</c>/<c>qnorm</c> to far better than 1e-6.
/// </summary>
internal static class NormalDistribution
{
    private const double InverseSqrtPi = 0.56418958354775628695;
    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>P(Z ≤ z).</summary>
    public static double Cdf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        if (double.IsInfinity(z))
        {
            return z > 0 ? 1 : 0;
        }

        return 0.5 * Erfc(-z / Sqrt2);
    }

    /// <summary>The two-sided p-value of a standard normal statistic: 2·P(Z ≤ −|z|).</summary>
    public static double TwoSidedPValue(double z) => double.IsNaN(z) ? double.NaN : Math.Min(1.0, 2.0 * Cdf(-Math.Abs(z)));

    /// <summary>The quantile z with P(Z ≤ z) = p.</summary>
    public static double Quantile(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        // A coarse start (Acklam's rational approximation, ~1e-9), then Halley steps on the exact CDF.
        var x = InitialQuantile(p);
        for (var i = 0; i < 3; i++)
        {
            var error = Cdf(x) - p;
            var density = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
            if (density == 0)
            {
                break;
            }

            var u = error / density;
            x -= u / (1 + 0.5 * x * u);
        }

        return x;
    }

    /// <summary>The complementary error function, accurate to about 1e-15 relative over the whole line.</summary>
    internal static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2.0 - Erfc(-x);
        }

        if (x < 2.5)
        {
            return 1.0 - ErfSeries(x);
        }

        return ErfcContinuedFraction(x);
    }

    // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)): every term positive, so no cancellation.
    private static double ErfSeries(double x)
    {
        var x2 = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return 2 * InverseSqrtPi * Math.Exp(-x2) * sum;
    }

    // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method.
    private static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 500; k++)
        {
            var a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return InverseSqrtPi * Math.Exp(-x * x) / f;
    }

    private static double InitialQuantile(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
