using System.Runtime.InteropServices;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// Encodes phantoms with SkiaSharp: 8-bit grayscale PNG for the files, a JPEG round trip for the internet style's
/// compression artefacts, and the resampling of an image that was shrunk or enlarged on its way to the internet.
/// The anatomy, detector and annotations are this library's own pixels.
/// </summary>
internal static class PhantomCodec
{
    public static byte[] EncodePng(GrayImage image)
    {
        using var data = Encode(image, pixmap => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)));
        return data.ToArray();
    }

    /// <summary>Encodes as JPEG at a quality and decodes again: the blocking and ringing of a teaching-file image.</summary>
    public static GrayImage JpegRoundTrip(GrayImage image, int quality)
    {
        using var data = Encode(image, pixmap => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)));
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidOperationException("SkiaSharp could not read back the JPEG it wrote.");
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var pixels = new byte[image.Width * image.Height];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            var result = codec.GetPixels(info, handle.AddrOfPinnedObject());
            if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            {
                throw new InvalidOperationException($"SkiaSharp could not decode the JPEG it wrote: {result}.");
            }
        }
        finally
        {
            handle.Free();
        }

        return new GrayImage(image.Width, image.Height, pixels);
    }

    /// <summary>
    /// Resamples to a new size as image software does (Skia: <paramref name="quality"/> 0 nearest, 1 bilinear,
    /// 2 bilinear with mipmaps, 3 bicubic): the softness of an image shrunk and enlarged again.
    /// </summary>
    public static GrayImage Resize(GrayImage image, int width, int height, int quality)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var targetInfo = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        var source = image.Pixels.ToArray();
        var target = new byte[width * height];
        var sourceHandle = GCHandle.Alloc(source, GCHandleType.Pinned);
        var targetHandle = GCHandle.Alloc(target, GCHandleType.Pinned);
        try
        {
            using var from = new SKPixmap(info, sourceHandle.AddrOfPinnedObject(), image.Width);
            using var to = new SKPixmap(targetInfo, targetHandle.AddrOfPinnedObject(), width);
            if (!from.ScalePixels(to, (SKFilterQuality)Math.Clamp(quality, 0, 3)))
            {
                throw new InvalidOperationException($"SkiaSharp could not resample {image.Width}×{image.Height} to {width}×{height}.");
            }
        }
        finally
        {
            sourceHandle.Free();
            targetHandle.Free();
        }

        return new GrayImage(width, height, target);
    }

    private static SKData Encode(GrayImage image, Func<SKPixmap, SKData?> encode)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var pixels = image.Pixels.ToArray();
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), image.Width);
            return encode(pixmap) ?? throw new InvalidOperationException("SkiaSharp could not encode the image.");
        }
        finally
        {
            handle.Free();
        }
    }
}
