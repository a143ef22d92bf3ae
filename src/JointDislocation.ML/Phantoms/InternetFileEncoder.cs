using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// Writes images the way files from the internet come: JPEG (SkiaSharp, optionally with an EXIF orientation tag of
/// our own making), 8-bit PNG (SkiaSharp), 16-bit PNG and GIF (written here byte by byte). Colour images are given
/// as interleaved RGB bytes.
/// </summary>
internal static class InternetFileEncoder
{
    /// <summary>JPEG at a quality (4:2:0 for colour); an orientation of 2–8 adds an EXIF APP1 segment right after SOI.</summary>
    public static byte[] Jpeg(int width, int height, byte[] pixels, bool rgb, int quality, int orientation)
    {
        var jpeg = Skia(width, height, pixels, rgb, p => p.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)));
        return orientation is >= 2 and <= 8 ? WithExifOrientation(jpeg, orientation) : jpeg;
    }

    /// <summary>8-bit PNG, gray (as phantom sets are written) or RGB.</summary>
    public static byte[] Png8(int width, int height, byte[] pixels, bool rgb) => rgb
        ? Skia(width, height, pixels, rgb, p => p.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)))
        : PhantomCodec.EncodePng(new GrayImage(width, height, pixels));

    /// <summary>
    /// 16-bit PNG (gray or RGB) of 16-bit samples, big-endian as PNG stores them; rows use the Sub filter.
    /// </summary>
    public static byte[] Png16(int width, int height, ushort[] samples, bool rgb)
    {
        var channels = rgb ? 3 : 1;
        var stride = width * channels * 2;
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[stride + 1];
            var previous = new byte[stride];
            var current = new byte[stride];
            for (var y = 0; y < height; y++)
            {
                for (var i = 0; i < width * channels; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(current.AsSpan(i * 2), samples[(y * width * channels) + i]);
                }

                // Sub filter: each byte minus the byte one pixel to the left.
                row[0] = 1;
                var bpp = channels * 2;
                for (var i = 0; i < stride; i++)
                {
                    row[i + 1] = (byte)(current[i] - (i >= bpp ? current[i - bpp] : 0));
                }

                zlib.Write(row);
                (previous, current) = (current, previous);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16;
        header[9] = (byte)(rgb ? 2 : 0);
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, raw.ToArray());
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>
    /// A one-frame GIF with a 256-entry palette indexed by gray level (tinted when <paramref name="tint"/> is given).
    /// The LZW stream sends only literal codes, with a clear code every 254 of them so the code width stays 9 bits:
    /// valid for every decoder, though larger than an optimising encoder's.
    /// </summary>
    public static byte[] Gif(int width, int height, byte[] gray, (double R, double G, double B)? tint)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteUInt16(gif, width);
        WriteUInt16(gif, height);
        gif.WriteByte(0xF7); // global colour table, 8 bits, 256 entries
        gif.WriteByte(0);
        gif.WriteByte(0);
        var (r, g, b) = tint ?? (1, 1, 1);
        for (var i = 0; i < 256; i++)
        {
            gif.Write([(byte)Math.Round(i * r), (byte)Math.Round(i * g), (byte)Math.Round(i * b)]);
        }

        gif.WriteByte(0x2C);
        WriteUInt16(gif, 0);
        WriteUInt16(gif, 0);
        WriteUInt16(gif, width);
        WriteUInt16(gif, height);
        gif.WriteByte(0);
        gif.WriteByte(8); // LZW minimum code size
        var bits = new List<byte>(gray.Length * 9 / 8 + 16);
        int buffer = 0, count = 0;
        void Write(int code)
        {
            buffer |= code << count;
            count += 9;
            while (count >= 8)
            {
                bits.Add((byte)buffer);
                buffer >>= 8;
                count -= 8;
            }
        }

        Write(256);
        for (var i = 0; i < gray.Length; i++)
        {
            if (i > 0 && i % 254 == 0)
            {
                Write(256);
            }

            Write(gray[i]);
        }

        Write(257);
        if (count > 0)
        {
            bits.Add((byte)buffer);
        }

        var data = CollectionsMarshal.AsSpan(bits);
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            gif.WriteByte((byte)length);
            gif.Write(data.Slice(offset, length));
        }

        gif.WriteByte(0);
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// Inserts after SOI a minimal EXIF APP1 segment: "Exif\0\0", a big-endian TIFF header and one IFD with the
    /// orientation tag (0x0112, SHORT) — what a phone or camera writes, reduced to the one tag decoders act on.
    /// </summary>
    internal static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("Not a JPEG (no SOI marker).", nameof(jpeg));
        }

        ReadOnlySpan<byte> tiffHeader = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8];
        var segment = new byte[2 + 2 + 6 + 26];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        var tiff = segment.AsSpan(10);
        tiffHeader.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[8..], 1); // one entry
        BinaryPrimitives.WriteUInt16BigEndian(tiff[10..], 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(tiff[12..], 3); // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(tiff[14..], 1); // one value
        BinaryPrimitives.WriteUInt16BigEndian(tiff[18..], (ushort)orientation); // left-justified in the 4-byte field
        BinaryPrimitives.WriteUInt32BigEndian(tiff[22..], 0); // no next IFD
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    private static byte[] Skia(int width, int height, byte[] pixels, bool rgb, Func<SKPixmap, SKData?> encode)
    {
        byte[] buffer;
        SKImageInfo info;
        if (rgb)
        {
            buffer = new byte[width * height * 4];
            for (int i = 0, j = 0; i < width * height; i++, j += 3)
            {
                buffer[i * 4] = pixels[j];
                buffer[(i * 4) + 1] = pixels[j + 1];
                buffer[(i * 4) + 2] = pixels[j + 2];
                buffer[(i * 4) + 3] = 255;
            }

            info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        }
        else
        {
            buffer = pixels;
            info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        }

        var handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = encode(pixmap) ?? throw new InvalidOperationException("SkiaSharp could not encode the image.");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }

    private static void Chunk(Stream stream, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngFile.Crc([.. type, .. data]));
        stream.Write(word);
    }
}
