using System.Diagnostics;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Measures the CPU's fp32 peak in this process: one thread per logical processor runs independent fused
/// multiply-adds on the widest accelerated vectors, so the figure is what the cores give right now (shared machines
/// included), the ceiling for ONNX Runtime's convolutions.
/// </summary>
internal static class PeakFlops
{
    public static double MeasureGflops(TimeSpan duration)
    {
        var threads = Environment.ProcessorCount;
        var flops = new double[threads];
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            flops[t] = RunKernel(duration);
        })
        { IsBackground = true }).ToList();
        var clock = Stopwatch.StartNew();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return flops.Sum() / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Returns the floating-point operations done in about <paramref name="duration"/>.</summary>
    private static double RunKernel(TimeSpan duration)
    {
        const int Inner = 100_000;
        var clock = Stopwatch.StartNew();
        double operations = 0;
        float sink = 0;
        while (clock.Elapsed < duration)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                sink += Fma512(Inner);
                operations += Inner * 10.0 * Vector512<float>.Count * 2;
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                sink += Fma256(Inner);
                operations += Inner * 10.0 * Vector256<float>.Count * 2;
            }
            else
            {
                sink += MulAdd(Inner);
                operations += Inner * 10.0 * Vector<float>.Count * 2;
            }
        }

        // Keeps the loops observable so the JIT cannot drop them.
        return sink == float.MaxValue ? 0 : operations;
    }

    // Ten independent accumulators hide the FMA latency (4-5 cycles) behind two pipes.
    private static float Fma512(int iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> x0 = Vector512.Create(1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0;
        for (var i = 0; i < iterations; i++)
        {
            x0 = Vector512.FusedMultiplyAdd(x0, m, a);
            x1 = Vector512.FusedMultiplyAdd(x1, m, a);
            x2 = Vector512.FusedMultiplyAdd(x2, m, a);
            x3 = Vector512.FusedMultiplyAdd(x3, m, a);
            x4 = Vector512.FusedMultiplyAdd(x4, m, a);
            x5 = Vector512.FusedMultiplyAdd(x5, m, a);
            x6 = Vector512.FusedMultiplyAdd(x6, m, a);
            x7 = Vector512.FusedMultiplyAdd(x7, m, a);
            x8 = Vector512.FusedMultiplyAdd(x8, m, a);
            x9 = Vector512.FusedMultiplyAdd(x9, m, a);
        }

        return Vector512.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9);
    }

    private static float Fma256(int iterations)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> x0 = Vector256.Create(1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0;
        for (var i = 0; i < iterations; i++)
        {
            x0 = Vector256.FusedMultiplyAdd(x0, m, a);
            x1 = Vector256.FusedMultiplyAdd(x1, m, a);
            x2 = Vector256.FusedMultiplyAdd(x2, m, a);
            x3 = Vector256.FusedMultiplyAdd(x3, m, a);
            x4 = Vector256.FusedMultiplyAdd(x4, m, a);
            x5 = Vector256.FusedMultiplyAdd(x5, m, a);
            x6 = Vector256.FusedMultiplyAdd(x6, m, a);
            x7 = Vector256.FusedMultiplyAdd(x7, m, a);
            x8 = Vector256.FusedMultiplyAdd(x8, m, a);
            x9 = Vector256.FusedMultiplyAdd(x9, m, a);
        }

        return Vector256.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9);
    }

    private static float MulAdd(int iterations)
    {
        var m = new Vector<float>(0.999999f);
        var a = new Vector<float>(1e-7f);
        Vector<float> x0 = Vector<float>.One, x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0;
        for (var i = 0; i < iterations; i++)
        {
            x0 = (x0 * m) + a;
            x1 = (x1 * m) + a;
            x2 = (x2 * m) + a;
            x3 = (x3 * m) + a;
            x4 = (x4 * m) + a;
            x5 = (x5 * m) + a;
            x6 = (x6 * m) + a;
            x7 = (x7 * m) + a;
            x8 = (x8 * m) + a;
            x9 = (x9 * m) + a;
        }

        return Vector.Sum(x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9);
    }
}
