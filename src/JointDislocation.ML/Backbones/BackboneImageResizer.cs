using System.Buffers;
using System.Runtime.InteropServices;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// Brings a grayscale image to the backbone's input size. The geometry and the Skia calls are those of ML.NET 5's
/// <c>ResizeImages</c> (a 32-bit opaque canvas, the source drawn into a destination rectangle computed in single
/// precision and truncated to whole pixels, high filter quality), so the default <see cref="ResizePolicy.IsoCrop"/>
/// gives the same pixels as ML.NET's <c>IsoCrop</c>/<c>Center</c> and the features match stock ML.NET.
/// </summary>
internal static class BackboneImageResizer
{
    public static void Resize(GrayImage image, int width, int height, ResizePolicy policy, Span<byte> destination)
    {
        if (destination.Length != width * height)
        {
            throw new ArgumentException("Destination size does not match.", nameof(destination));
        }

        var (destX, destY, destWidth, destHeight) = DestinationRectangle(image.Width, image.Height, width, height, policy);

        // Replicated gray in 32-bit BGRA, as ML.NET's decoder hands it to the resizer: Skia's mipmaps and filters round
        // differently on an 8-bit gray source, so only this layout gives ML.NET's pixels (a test holds it to that).
        var sourceInfo = new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
        var gray = image.Pixels;
        var bgra = ArrayPool<uint>.Shared.Rent(gray.Length);
        var handle = GCHandle.Alloc(bgra, GCHandleType.Pinned);
        try
        {
            var packed = bgra.AsSpan(0, gray.Length);
            for (var i = 0; i < gray.Length; i++)
            {
                // B, G, R = gray, A = 255 (little-endian byte order of the word).
                packed[i] = 0xFF000000u | (gray[i] * 0x010101u);
            }

            // The pinned buffer is drawn from in place: the one full-size copy is this 32-bit one.
            using var pixmap = new SKPixmap(sourceInfo, handle.AddrOfPinnedObject(), image.Width * 4);
            using var source = SKImage.FromPixels(pixmap);
            using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Opaque));
            target.Erase(SKColors.Black);
            using (var canvas = new SKCanvas(target))
            using (var paint = new SKPaint { FilterQuality = SKFilterQuality.High })
            {
                canvas.DrawImage(source, new SKRect(0, 0, image.Width, image.Height), new SKRect(destX, destY, destX + destWidth, destY + destHeight), paint);
            }

            var targetPixels = target.GetPixelSpan();
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = targetPixels[(i * 4) + 1];
            }
        }
        finally
        {
            handle.Free();
            ArrayPool<uint>.Shared.Return(bgra);
        }
    }

    internal static (int X, int Y, int Width, int Height) DestinationRectangle(int sourceWidth, int sourceHeight, int width, int height, ResizePolicy policy)
    {
        if (policy == ResizePolicy.Stretch)
        {
            return (0, 0, width, height);
        }

        // Single precision and truncation on purpose: the same expressions as ML.NET, so the same rectangle.
        var widthAspect = (float)width / sourceWidth;
        var heightAspect = (float)height / sourceHeight;
        var scaleByWidth = policy == ResizePolicy.IsoCrop ? heightAspect < widthAspect : heightAspect >= widthAspect;
        var destX = 0;
        var destY = 0;
        float aspect;
        if (scaleByWidth)
        {
            aspect = widthAspect;
            destY = (int)((height - (sourceHeight * aspect)) / 2);
        }
        else
        {
            aspect = heightAspect;
            destX = (int)((width - (sourceWidth * aspect)) / 2);
        }

        return (destX, destY, (int)(sourceWidth * aspect), (int)(sourceHeight * aspect));
    }
}
