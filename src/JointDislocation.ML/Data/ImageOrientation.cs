using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Data;

/// <summary>Applies an EXIF orientation, so that a phone photo of a film is upright as its viewer showed it.</summary>
internal static class ImageOrientation
{
    public static GrayImage Apply(GrayImage image, SKEncodedOrigin origin)
    {
        int w = image.Width, h = image.Height;
        var transposed = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        if (origin is SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin))
        {
            return image;
        }

        int outW = transposed ? h : w, outH = transposed ? w : h;
        var source = image.Pixels;
        var pixels = new byte[source.Length];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // LeftBottom
                };
                pixels[(y * outW) + x] = source[(sy * w) + sx];
            }
        }

        return new GrayImage(outW, outH, pixels);
    }
}
