using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using JointDislocation.ML.Data;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Data;

/// <summary>Writes test images: PNG, BMP and GIF byte by byte (exact control of the format), JPEG and WebP through Skia.</summary>
internal static class TestImages
{
    /// <summary>A smooth, structured gray pattern: a bright disc ("bone") on a gradient, seeded by <paramref name="variant"/>.</summary>
    public static byte[] Pattern(int width, int height, int variant = 0)
    {
        var pixels = new byte[width * height];
        double cx = width * (0.35 + (0.1 * (variant % 3))), cy = height * (0.4 + (0.07 * (variant % 4)));
        var radius = Math.Min(width, height) * 0.22;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var background = 40 + (120.0 * x / width) + (30.0 * y / height);
                var d = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                var value = d < radius ? 230 - (40 * d / radius) : background;
                pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }

        return pixels;
    }

    /// <summary>A pattern that shares nothing with <see cref="Pattern"/>: stripes and blocks.</summary>
    public static byte[] Unrelated(int width, int height)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var stripes = ((x * 6 / width) + (y * 4 / height)) % 2 == 0 ? 220 : 30;
                pixels[(y * width) + x] = (byte)(y > height * 2 / 3 ? 255 - stripes : stripes);
            }
        }

        return pixels;
    }

    /// <summary>Writes a PNG from raw (unfiltered) samples: each row is prefixed with filter type 0 or cycles through all five.</summary>
    public static byte[] Png(int width, int height, int bitDepth, int colorType, byte[] samples, byte[]? palette = null, bool allFilters = false, bool interlaced = false)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        var bpp = Math.Max(1, channels * bitDepth / 8);
        using var raw = new MemoryStream();
        (int X, int Y, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        foreach (var (x0, y0, dx, dy) in passes)
        {
            var passWidth = (width - x0 + dx - 1) / dx;
            var passHeight = (height - y0 + dy - 1) / dy;
            if (passWidth <= 0 || passHeight <= 0)
            {
                continue;
            }

            var stride = passWidth * bpp;
            var previous = new byte[stride];
            for (var py = 0; py < passHeight; py++)
            {
                var row = new byte[stride];
                for (var px = 0; px < passWidth; px++)
                {
                    var source = ((((y0 + (py * dy)) * width) + x0 + (px * dx)) * bpp);
                    samples.AsSpan(source, bpp).CopyTo(row.AsSpan(px * bpp));
                }

                var filter = allFilters ? (byte)(py % 5) : (byte)0;
                raw.WriteByte(filter);
                raw.Write(Filter(filter, row, previous, bpp));
                previous = row;
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = interlaced ? (byte)1 : (byte)0;
        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(png, "IHDR", ihdr);
        if (palette is not null)
        {
            Chunk(png, "PLTE", palette);
        }

        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG with only a signature and an IHDR that declares the given size (and a tiny IDAT and IEND).</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 0;
        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[] GrayPng(int width, int height, byte[] gray) => Png(width, height, 8, 0, gray);

    /// <summary>Encodes gray pixels through Skia as JPEG or WebP (R = G = B).</summary>
    public static byte[] SkiaEncode(int width, int height, byte[] gray, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < gray.Length; i++)
        {
            rgba[i * 4] = rgba[(i * 4) + 1] = rgba[(i * 4) + 2] = gray[i];
            rgba[(i * 4) + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality) ?? throw new InvalidOperationException($"Skia cannot encode {format}.");
        return data.ToArray();
    }

    /// <summary>A 24-bit bottom-up BMP.</summary>
    public static byte[] Bmp(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var stride = ((width * 3) + 3) & ~3;
        var size = 54 + (stride * height);
        var bytes = new byte[size];
        "BM"u8.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (var y = 0; y < height; y++)
        {
            var row = 54 + ((height - 1 - y) * stride);
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                bytes[row + (x * 3)] = b;
                bytes[row + (x * 3) + 1] = g;
                bytes[row + (x * 3) + 2] = r;
            }
        }

        return bytes;
    }

    /// <summary>
    /// A GIF with a 256-level gray palette and one frame per entry of <paramref name="frames"/>. The LZW stream sends
    /// literal codes only and a clear code often enough that the code width stays 9 bits.
    /// </summary>
    public static byte[] Gif(int width, int height, params byte[][] frames)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, width);
        WriteUInt16(gif, height);
        gif.WriteByte(0xF7); // global colour table, 8 bits, 256 entries
        gif.WriteByte(0);
        gif.WriteByte(0);
        for (var i = 0; i < 256; i++)
        {
            gif.Write([(byte)i, (byte)i, (byte)i]);
        }

        foreach (var frame in frames)
        {
            gif.Write([0x21, 0xF9, 4, 0, 10, 0, 0, 0]); // graphic control: 0.1 s delay
            gif.WriteByte(0x2C);
            WriteUInt16(gif, 0);
            WriteUInt16(gif, 0);
            WriteUInt16(gif, width);
            WriteUInt16(gif, height);
            gif.WriteByte(0);
            gif.WriteByte(8); // LZW minimum code size
            var bits = new BitWriter();
            bits.Write(256, 9);
            for (var i = 0; i < frame.Length; i++)
            {
                if (i > 0 && i % 200 == 0)
                {
                    bits.Write(256, 9);
                }

                bits.Write(frame[i], 9);
            }

            bits.Write(257, 9);
            var data = bits.ToArray();
            for (var offset = 0; offset < data.Length; offset += 255)
            {
                var count = Math.Min(255, data.Length - offset);
                gif.WriteByte((byte)count);
                gif.Write(data, offset, count);
            }

            gif.WriteByte(0);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    public static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }

    private static byte[] Filter(byte filter, byte[] row, byte[] previous, int bpp)
    {
        var output = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
            var predictor = filter switch
            {
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => Paeth(a, b, c),
                _ => 0,
            };
            output[i] = (byte)(row[i] - predictor);
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    /// <summary>CRC-32 written out independently of the library's, so a shared bug cannot hide.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _buffer;
        private int _count;

        public void Write(int code, int width)
        {
            _buffer |= code << _count;
            _count += width;
            while (_count >= 8)
            {
                _bytes.Add((byte)_buffer);
                _buffer >>= 8;
                _count -= 8;
            }
        }

        public byte[] ToArray()
        {
            var result = new List<byte>(_bytes);
            if (_count > 0)
            {
                result.Add((byte)_buffer);
            }

            return [.. result];
        }
    }
}
