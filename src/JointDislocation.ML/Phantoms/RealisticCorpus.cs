using System.Runtime.InteropServices;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// Phantoms saved as files in the proportions of radiographs found on the internet, for measuring the decoding path
/// on what users feed it: JPEG of quality 60–95 (<see cref="JpegShare"/>), PNG of 8 or 16 bits (<see cref="PngShare"/>),
/// GIF (the rest); the long side log-uniform in 200–2,800 pixels; about <see cref="RgbShare"/> stored as colour (a
/// tinted scan); some JPEGs with an EXIF orientation. Every choice flows from one seed: the same seed writes the same
/// bytes.
/// </summary>
/// <remarks>
/// The phantom is drawn with its long side at most <see cref="MaxDrawnSide"/> pixels and brought to the file's size
/// with a cubic filter plus a little film grain, so a large file costs what the decoders pay, not what drawing costs.
/// </remarks>
public static class RealisticCorpus
{
    /// <summary>The share of JPEG files.</summary>
    public const double JpegShare = 0.70;

    /// <summary>The share of PNG files (8 and 16 bits).</summary>
    public const double PngShare = 0.25;

    /// <summary>The share of PNG files that store 16 bits per sample.</summary>
    public const double SixteenBitPngShare = 0.4;

    /// <summary>The share of colour files (tinted scans of film).</summary>
    public const double RgbShare = 0.30;

    /// <summary>The share of JPEG files that carry an EXIF orientation other than upright.</summary>
    public const double OrientedJpegShare = 0.15;

    /// <summary>The shortest long side, in pixels.</summary>
    public const int MinLongSide = 200;

    /// <summary>The longest long side, in pixels.</summary>
    public const int MaxLongSide = 2800;

    /// <summary>The largest side a phantom is drawn at before it is scaled to the file's size.</summary>
    public const int MaxDrawnSide = 512;

    private static readonly Joint[] Joints = [Joint.Shoulder, Joint.Elbow, Joint.Hip];

    /// <summary>Writes <paramref name="count"/> files into <paramref name="folder"/> (created if needed).</summary>
    /// <param name="folder">Where to write (<c>image0000.jpg</c>, …).</param>
    /// <param name="count">How many files.</param>
    /// <param name="seed">The seed every choice flows from.</param>
    /// <param name="progress">Files written so far.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    /// <returns>The files, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folder"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<RealisticCorpusFile> Write(string folder, int count, int seed, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Directory.CreateDirectory(folder);
        var files = new RealisticCorpusFile[count];
        var done = 0;
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var plan = Plan(seed, i);
            var path = Path.Combine(folder, $"image{i:D4}{Extension(plan.Format)}");
            AtomicFile.WriteAllBytes(path, Encode(plan, seed, i));
            files[i] = plan with { Path = path };
            progress?.Report(Interlocked.Increment(ref done));
        });

        return files;
    }

    /// <summary>The draws for file <paramref name="index"/> (its path left empty): format, size, colour, orientation, content.</summary>
    internal static RealisticCorpusFile Plan(int seed, int index)
    {
        var rng = new DeterministicRandom(SeedDerivation.Derive(SeedDerivation.Derive(seed, "realistic-corpus"), index));
        var kind = rng.NextDouble();
        var format = kind < JpegShare ? ImageFormat.Jpeg : kind < JpegShare + PngShare ? ImageFormat.Png : ImageFormat.Gif;
        var longSide = (int)Math.Round(Math.Exp(rng.Uniform(Math.Log(MinLongSide), Math.Log(MaxLongSide))));
        var shortSide = Math.Max(1, (int)Math.Round(longSide * rng.Uniform(0.7, 1.0)));
        var portrait = rng.Chance(0.5);
        var rgb = rng.Chance(RgbShare);
        var sixteen = format == ImageFormat.Png && rng.Chance(SixteenBitPngShare);
        int? quality = format == ImageFormat.Jpeg ? rng.Int(60, 95) : null;
        var orientation = format == ImageFormat.Jpeg && rng.Chance(OrientedJpegShare) ? rng.Int(2, 8) : 1;
        var joint = rng.Pick(Joints);
        var dislocated = rng.Chance(0.5);
        return new RealisticCorpusFile(string.Empty, format, sixteen ? 16 : 8, rgb, orientation,
            portrait ? shortSide : longSide, portrait ? longSide : shortSide, quality, joint, dislocated);
    }

    /// <summary>The file's bytes for a plan.</summary>
    internal static byte[] Encode(RealisticCorpusFile plan, int seed, int index)
    {
        var rng = new DeterministicRandom(SeedDerivation.Derive(SeedDerivation.Derive(seed, "realistic-corpus-pixels"), index));
        var gray = Render(plan, rng);
        var tint = plan.Rgb ? (R: rng.Uniform(0.95, 1.0), G: rng.Uniform(0.85, 1.0), B: rng.Uniform(0.7, 1.0)) : ((double R, double G, double B)?)null;
        int w = plan.Width, h = plan.Height;
        switch (plan.Format)
        {
            case ImageFormat.Jpeg:
                return InternetFileEncoder.Jpeg(w, h, Colour(gray, tint), plan.Rgb, plan.Quality!.Value, plan.Orientation);
            case ImageFormat.Png when plan.BitDepth == 16:
                var channels = plan.Rgb ? 3 : 1;
                var samples = new ushort[w * h * channels];
                var factors = tint is { } t ? new[] { t.R, t.G, t.B } : [1.0];
                for (var i = 0; i < w * h; i++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        // 16 bits of real precision: the 8-bit level spread over its step with a little noise.
                        var value = ((gray.Pixels[i] * 257.0) + (rng.NextDouble() * 256.0)) * factors[c];
                        samples[(i * channels) + c] = (ushort)Math.Clamp(value, 0, 65535);
                    }
                }

                return InternetFileEncoder.Png16(w, h, samples, plan.Rgb);
            case ImageFormat.Png:
                return InternetFileEncoder.Png8(w, h, Colour(gray, tint), plan.Rgb);
            default:
                return InternetFileEncoder.Gif(w, h, gray.Pixels.ToArray(), tint);
        }
    }

    private static GrayImage Render(RealisticCorpusFile plan, DeterministicRandom rng)
    {
        int w = plan.Width, h = plan.Height;
        var scale = Math.Min(1.0, (double)MaxDrawnSide / Math.Max(w, h));
        var drawnWidth = Math.Clamp((int)Math.Round(w * scale), 64, 4096);
        var drawnHeight = Math.Clamp((int)Math.Round(h * scale), 64, 4096);
        var phantom = PhantomGenerator.Generate(
            new PhantomOptions { Joint = plan.Joint, Dislocated = plan.Dislocated, Style = PhantomStyle.Internet, Width = drawnWidth, Height = drawnHeight },
            rng.NextInt32()).Image;
        if (phantom.Width == w && phantom.Height == h)
        {
            return phantom;
        }

        var pixels = new byte[w * h];
        var source = phantom.Pixels.ToArray();
        var sourceHandle = GCHandle.Alloc(source, GCHandleType.Pinned);
        var targetHandle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var from = new SKPixmap(new SKImageInfo(phantom.Width, phantom.Height, SKColorType.Gray8, SKAlphaType.Opaque), sourceHandle.AddrOfPinnedObject(), phantom.Width);
            using var to = new SKPixmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque), targetHandle.AddrOfPinnedObject(), w);
            if (!from.ScalePixels(to, SKFilterQuality.High))
            {
                throw new InvalidOperationException("SkiaSharp could not scale the phantom.");
            }
        }
        finally
        {
            sourceHandle.Free();
            targetHandle.Free();
        }

        if (w > phantom.Width)
        {
            // Film grain at the file's resolution, as a scan has; an upscaled drawing alone would be unnaturally smooth.
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)Math.Clamp(pixels[i] + (int)(rng.NextUInt64() % 7) - 3, 0, 255);
            }
        }

        return new GrayImage(w, h, pixels);
    }

    private static byte[] Colour(GrayImage gray, (double R, double G, double B)? tint)
    {
        if (tint is not { } t)
        {
            return gray.Pixels.ToArray();
        }

        var pixels = gray.Pixels;
        var rgb = new byte[pixels.Length * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            rgb[i * 3] = (byte)Math.Round(pixels[i] * t.R);
            rgb[(i * 3) + 1] = (byte)Math.Round(pixels[i] * t.G);
            rgb[(i * 3) + 2] = (byte)Math.Round(pixels[i] * t.B);
        }

        return rgb;
    }

    private static string Extension(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => ".jpg",
        ImageFormat.Png => ".png",
        _ => ".gif",
    };
}
