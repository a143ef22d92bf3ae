using System.Net.Http.Headers;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>Builds the multipart requests a client of <c>POST /v1/predict</c> sends, and hostile files.</summary>
internal static class Uploads
{
    public static MultipartFormDataContent Image(byte[] bytes, string fileName = "image.png", string field = "image")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    /// <summary>A file a service on the open network gets: not an image it can score, and it may not crash it.</summary>
    public static byte[] Hostile(HostileFile kind)
    {
        var png = File.ReadAllBytes(TrainedModel.Images[0]);
        return kind switch
        {
            HostileFile.RandomBytes => new Random(3).GetItems(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 4096),
            HostileFile.Empty => [],
            HostileFile.Html => "<html><body>not an image</body></html>"u8.ToArray(),
            HostileFile.TruncatedPng => png[..(png.Length / 3)],
            HostileFile.PngDeclaring100000Squared => DeclaringSize(png, 100_000, 100_000),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>A real PNG whose header claims another size (with a valid checksum): a decompression bomb's shape.</summary>
    private static byte[] DeclaringSize(byte[] png, int width, int height)
    {
        var bytes = (byte[])png.Clone();

        // Signature (8), IHDR length (4) and type (4), then width and height, big-endian; the CRC covers type and data.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
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
}

/// <summary>The hostile files of <see cref="Uploads.Hostile"/>.</summary>
public enum HostileFile
{
    RandomBytes,
    Empty,
    Html,
    TruncatedPng,
    PngDeclaring100000Squared,
}
