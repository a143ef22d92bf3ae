using System.Buffers.Binary;
using System.Diagnostics;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Data;

public class RadiographDecoderTests
{
    private const int W = 40;
    private const int H = 30;

    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory("jdml-decode");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Gray_png_round_trips_exactly()
    {
        var gray = TestImages.Pattern(W, H);
        var image = RadiographDecoder.Decode(Write("gray.png", TestImages.GrayPng(W, H, gray)));
        Assert.That(image.Width, Is.EqualTo(W));
        Assert.That(image.Height, Is.EqualTo(H));
        Assert.That(image.Pixels.ToArray(), Is.EqualTo(gray));
    }

    [Test]
    public void Rgb_png_becomes_fixed_weight_luma()
    {
        var rgb = new byte[W * H * 3];
        for (var i = 0; i < W * H; i++)
        {
            rgb[i * 3] = (byte)(i % 256);
            rgb[(i * 3) + 1] = (byte)((i * 7) % 256);
            rgb[(i * 3) + 2] = (byte)((i * 13) % 256);
        }

        var image = RadiographDecoder.Decode(Write("rgb.png", TestImages.Png(W, H, 8, 2, rgb, allFilters: true)));
        for (var i = 0; i < W * H; i++)
        {
            var expected = (byte)Math.Round((0.299 * rgb[i * 3]) + (0.587 * rgb[(i * 3) + 1]) + (0.114 * rgb[(i * 3) + 2]));
            Assert.That(image.Pixels[i], Is.EqualTo(expected).Within(1), $"pixel {i}");
        }

    }

    [Test]
    public void Rgba_png_is_composited_on_black()
    {
        // Left half: white at alpha 128; right half: white opaque; one column fully transparent white.
        var rgba = new byte[W * H * 4];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var o = ((y * W) + x) * 4;
                rgba[o] = rgba[o + 1] = rgba[o + 2] = 255;
                rgba[o + 3] = x == 0 ? (byte)0 : x < W / 2 ? (byte)128 : (byte)255;
            }
        }

        var image = RadiographDecoder.Decode(Write("rgba.png", TestImages.Png(W, H, 8, 6, rgba)));
        Assert.That(image[0, 5], Is.EqualTo(0));
        Assert.That(image[5, 5], Is.EqualTo(128).Within(1));
        Assert.That(image[W - 1, 5], Is.EqualTo(255));
    }

    [Test]
    public void Palette_png_maps_through_its_palette()
    {
        var palette = new byte[] { 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255 };
        var indices = new byte[W * H];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = (byte)(i % 5);
        }

        var image = RadiographDecoder.Decode(Write("palette.png", TestImages.Png(W, H, 8, 3, indices, palette)));
        byte[] expected = [0, 76, 150, 29, 255]; // (77, 150, 29)/256 weights of the palette colours
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.That(image.Pixels[i], Is.EqualTo(expected[i % 5]).Within(1), $"pixel {i}");
        }
    }

    [TestCase(SKEncodedImageFormat.Jpeg, 6)]
    [TestCase(SKEncodedImageFormat.Webp, 6)]
    public void Lossy_formats_decode_close_to_the_original(SKEncodedImageFormat format, int tolerance)
    {
        var gray = TestImages.Pattern(W * 2, H * 2);
        var image = RadiographDecoder.Decode(Write("image." + format.ToString().ToLowerInvariant(), TestImages.SkiaEncode(W * 2, H * 2, gray, format, 95)));
        Assert.That(image.Width, Is.EqualTo(W * 2));
        var meanError = gray.Select((v, i) => Math.Abs(v - image.Pixels[i])).Average();
        Assert.That(meanError, Is.LessThan(tolerance));
    }

    [Test]
    public void Bmp_decodes_with_luma_weights()
    {
        var image = RadiographDecoder.Decode(Write("image.bmp", TestImages.Bmp(W, H, (x, y) => x < W / 2 ? ((byte)200, (byte)100, (byte)50) : ((byte)10, (byte)20, (byte)30))));
        Assert.That(image[0, 0], Is.EqualTo(((77 * 200) + (150 * 100) + (29 * 50) + 128) >> 8));
        Assert.That(image[W - 1, H - 1], Is.EqualTo(((77 * 10) + (150 * 20) + (29 * 30) + 128) >> 8));
    }

    [Test]
    public void Gif_decodes_its_first_frame()
    {
        var first = TestImages.Pattern(W, H);
        var second = TestImages.Unrelated(W, H);
        var image = RadiographDecoder.Decode(Write("anim.gif", TestImages.Gif(W, H, first, second)));
        Assert.That(image.Pixels.ToArray(), Is.EqualTo(first));
    }

    [Test]
    public void Sixteen_bit_gray_png_is_rescaled_by_its_range_not_truncated()
    {
        // Values 30000..30255: truncating to the high byte would give one flat gray; the range maps to 0..255.
        var samples = new byte[W * H * 2];
        for (var i = 0; i < W * H; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(samples.AsSpan(i * 2), (ushort)(30000 + (i % 256)));
        }

        var image = RadiographDecoder.Decode(Write("gray16.png", TestImages.Png(W, H, 16, 0, samples, allFilters: true)));
        for (var i = 0; i < W * H; i++)
        {
            Assert.That(image.Pixels[i], Is.EqualTo(i % 256), $"pixel {i}");
        }
    }

    [Test]
    public void Sixteen_bit_png_with_narrow_range_keeps_neighbouring_values_apart()
    {
        // A 12-bit detector range in the middle of 16 bits: 1000 distinct values must stay ordered and spread.
        var samples = new byte[W * H * 2];
        for (var i = 0; i < W * H; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(samples.AsSpan(i * 2), (ushort)(40000 + (i % 1000)));
        }

        var image = RadiographDecoder.Decode(Write("narrow16.png", TestImages.Png(W, H, 16, 0, samples)));
        for (var i = 0; i < W * H; i++)
        {
            var expected = (int)Math.Round((i % 1000) * 255.0 / 999, MidpointRounding.AwayFromZero);
            Assert.That(image.Pixels[i], Is.EqualTo(expected).Within(1), $"pixel {i}");
        }
    }

    [Test]
    public void Interlaced_pngs_decode_like_plain_ones_in_8_and_16_bit()
    {
        // 13 × 11 leaves partial Adam7 blocks at both edges.
        const int w = 13, h = 11;
        var gray = TestImages.Pattern(w, h, 3);
        var plain8 = RadiographDecoder.Decode(Write("p8.png", TestImages.GrayPng(w, h, gray)));
        var laced8 = RadiographDecoder.Decode(Write("i8.png", TestImages.Png(w, h, 8, 0, gray, allFilters: true, interlaced: true)));
        Assert.That(laced8.Pixels.ToArray(), Is.EqualTo(plain8.Pixels.ToArray()));

        var rgb16 = new byte[w * h * 6];
        for (var i = 0; i < w * h; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(rgb16.AsSpan((i * 6) + (c * 2)), (ushort)((gray[i] * 200) + (c * 97) + (i % 7)));
            }
        }

        var plain16 = RadiographDecoder.Decode(Write("p16.png", TestImages.Png(w, h, 16, 2, rgb16)));
        var laced16 = RadiographDecoder.Decode(Write("i16.png", TestImages.Png(w, h, 16, 2, rgb16, allFilters: true, interlaced: true)));
        Assert.That(laced16.Pixels.ToArray(), Is.EqualTo(plain16.Pixels.ToArray()));

        // Expected: BT.601 luma in 16 bits, then the present range min..max onto 0..255, rounded.
        var luma = Enumerable.Range(0, w * h).Select(i =>
            (0.299 * BinaryPrimitives.ReadUInt16BigEndian(rgb16.AsSpan(i * 6))) + (0.587 * BinaryPrimitives.ReadUInt16BigEndian(rgb16.AsSpan((i * 6) + 2)))
            + (0.114 * BinaryPrimitives.ReadUInt16BigEndian(rgb16.AsSpan((i * 6) + 4)))).ToArray();
        double min = luma.Min(), max = luma.Max();
        for (var i = 0; i < w * h; i++)
        {
            Assert.That(plain16.Pixels[i], Is.EqualTo((luma[i] - min) * 255 / (max - min)).Within(1), $"pixel {i}");
        }
    }

    [Test]
    public void Damaged_png_crc_is_refused_in_the_16_bit_path()
    {
        var png = TestImages.Png(4, 4, 16, 0, new byte[32]);
        png[40] ^= 0xFF; // inside IDAT
        Assert.That(RadiographDecoder.TryDecode(Write("crc.png", png), null, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("CRC"));
    }

    [Test]
    public void Sixteen_bit_rgba_png_uses_luma_and_alpha()
    {
        // Pixel 0: black; pixel 1: white opaque; pixel 2: white half transparent; pixel 3: white fully transparent.
        var samples = new byte[4 * 1 * 8];
        ushort[][] pixels = [[0, 0, 0, 65535], [65535, 65535, 65535, 65535], [65535, 65535, 65535, 32768], [65535, 65535, 65535, 0]];
        for (var p = 0; p < 4; p++)
        {
            for (var c = 0; c < 4; c++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(samples.AsSpan((p * 8) + (c * 2)), pixels[p][c]);
            }
        }

        var image = RadiographDecoder.Decode(Write("rgba16.png", TestImages.Png(4, 1, 16, 6, samples)));
        Assert.That(image.Pixels.ToArray(), Is.EqualTo(new byte[] { 0, 255, 128, 0 }));
    }

    [Test]
    public void One_pixel_image_decodes()
    {
        var image = RadiographDecoder.Decode(Write("one.png", TestImages.GrayPng(1, 1, [77])));
        Assert.That((image.Width, image.Height, image[0, 0]), Is.EqualTo((1, 1, (byte)77)));
    }

    [Test]
    public void Zero_byte_file_is_refused_with_a_reason()
    {
        var path = Write("empty.png", []);
        Assert.That(RadiographDecoder.TryDecode(path, null, out var image, out var reason), Is.False);
        Assert.That(image, Is.Null);
        Assert.That(reason, Is.EqualTo("empty file"));
    }

    [Test]
    public void Text_file_named_png_is_refused()
    {
        var path = Write("notes.png", "this is not an image\n"u8.ToArray());
        Assert.That(RadiographDecoder.TryDecode(path, null, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo("not an image (unrecognised content)"));
    }

    [Test]
    public void Truncated_png_is_refused()
    {
        var png = TestImages.GrayPng(W, H, TestImages.Pattern(W, H));
        var path = Write("cut.png", png[..(png.Length / 2)]);
        Assert.That(RadiographDecoder.TryDecode(path, null, out _, out var reason), Is.False);
        Assert.That(reason, Is.Not.Empty);
    }

    [Test]
    public void Truncated_sixteen_bit_png_is_refused()
    {
        var png = TestImages.Png(W, H, 16, 0, new byte[W * H * 2]);
        var path = Write("cut16.png", png[..(png.Length - 20)]);
        Assert.That(RadiographDecoder.TryDecode(path, null, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("PNG"));
    }

    [Test]
    public void Truncated_jpeg_is_refused()
    {
        var jpeg = TestImages.SkiaEncode(W * 4, H * 4, TestImages.Pattern(W * 4, H * 4), SKEncodedImageFormat.Jpeg);
        var path = Write("cut.jpg", jpeg[..(jpeg.Length / 2)]);
        Assert.That(RadiographDecoder.TryDecode(path, null, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("truncated"));
    }

    [Test]
    public void Decompression_bomb_header_is_refused_before_any_allocation()
    {
        var path = Write("bomb.png", TestImages.PngHeaderOnly(100_000, 100_000));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var decoded = RadiographDecoder.TryDecode(path, null, out _, out var reason);
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(decoded, Is.False);
        Assert.That(reason, Does.Contain("100000×100000"));
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(1000));
        Assert.That(allocated, Is.LessThan(1_000_000), "bytes allocated while refusing");
        Assert.That(RadiographDecoder.TryReadHeader(path, null, out _, out var headerReason), Is.False);
        Assert.That(headerReason, Does.Contain("above the limit"));
    }

    [Test]
    public void Pixel_and_side_limits_apply_to_every_format()
    {
        var jpeg = Write("big.jpg", TestImages.SkiaEncode(100, 50, TestImages.Pattern(100, 50), SKEncodedImageFormat.Jpeg));
        Assert.That(RadiographDecoder.TryDecode(jpeg, new ImageDecodingOptions { MaxPixels = 4999 }, out _, out var pixels), Is.False);
        Assert.That(pixels, Does.Contain("above the limit of 4999"));
        Assert.That(RadiographDecoder.TryDecode(jpeg, new ImageDecodingOptions { MaxSide = 99 }, out _, out var side), Is.False);
        Assert.That(side, Does.Contain("limit of 99"));
        Assert.That(RadiographDecoder.TryDecode(jpeg, new ImageDecodingOptions { MaxPixels = 5000, MaxSide = 100 }, out _, out _), Is.True);
    }

    [Test]
    public void File_size_limit_is_checked_before_reading()
    {
        var path = Write("gray.png", TestImages.GrayPng(W, H, TestImages.Pattern(W, H)));
        var size = new FileInfo(path).Length;
        Assert.That(RadiographDecoder.TryDecode(path, new ImageDecodingOptions { MaxFileBytes = size - 1 }, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("above the limit"));
    }

    [Test]
    public void Decode_throws_invalid_input_naming_the_file()
    {
        var path = Write("broken.jpg", [0xFF, 0xD8, 0xFF]);
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDecoder.Decode(path));
        Assert.That(exception!.Path, Is.EqualTo(path));
        Assert.That(exception.Message, Does.Contain(path));
    }

    [Test]
    public void Missing_file_is_a_reason_not_a_crash()
    {
        Assert.That(RadiographDecoder.TryDecode(_temp.Combine("nope.png"), null, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo("file not found"));
    }

    [Test]
    public void Decode_or_skip_records_in_lenient_mode_and_throws_in_strict_mode()
    {
        var good = Write("good.png", TestImages.GrayPng(2, 2, [1, 2, 3, 4]));
        var bad = Write("bad.png", []);
        var skipped = new List<SkippedFile>();
        Assert.That(RadiographDecoder.DecodeOrSkip(good, null, strict: false, skipped), Is.Not.Null);
        Assert.That(RadiographDecoder.DecodeOrSkip(bad, null, strict: false, skipped), Is.Null);
        Assert.That(skipped, Is.EqualTo(new[] { new SkippedFile(bad, "empty file") }));
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDecoder.DecodeOrSkip(bad, null, strict: true, skipped));
        Assert.That(exception!.Path, Is.EqualTo(bad));
    }

    [Test]
    public void Header_is_read_without_decoding()
    {
        var path = Write("h.jpg", TestImages.SkiaEncode(64, 48, TestImages.Pattern(64, 48), SKEncodedImageFormat.Jpeg));
        Assert.That(RadiographDecoder.TryReadHeader(path, null, out var header, out _), Is.True);
        Assert.That(header, Is.EqualTo(new ImageHeader(64, 48, "jpeg", 8)));
        var png16 = Write("h16.png", TestImages.Png(3, 2, 16, 0, new byte[12]));
        Assert.That(RadiographDecoder.TryReadHeader(png16, null, out var header16, out _), Is.True);
        Assert.That(header16, Is.EqualTo(new ImageHeader(3, 2, "png", 16)));
    }

    [Test]
    public void Decoding_is_deterministic()
    {
        var path = Write("d.jpg", TestImages.SkiaEncode(80, 60, TestImages.Pattern(80, 60, 2), SKEncodedImageFormat.Jpeg, 70));
        var first = RadiographDecoder.Decode(path).Pixels.ToArray();
        var second = RadiographDecoder.Decode(path).Pixels.ToArray();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Exif_orientations_map_pixels_as_the_viewer_shows_them()
    {
        // 3 × 2 source:  0 1 2 / 3 4 5
        var source = new GrayImage(3, 2, [0, 1, 2, 3, 4, 5]);
        Assert.That(ImageOrientation.Apply(source, SKEncodedOrigin.TopRight).Pixels.ToArray(), Is.EqualTo(new byte[] { 2, 1, 0, 5, 4, 3 }));
        Assert.That(ImageOrientation.Apply(source, SKEncodedOrigin.BottomRight).Pixels.ToArray(), Is.EqualTo(new byte[] { 5, 4, 3, 2, 1, 0 }));
        var clockwise = ImageOrientation.Apply(source, SKEncodedOrigin.RightTop);
        Assert.That((clockwise.Width, clockwise.Height), Is.EqualTo((2, 3)));
        Assert.That(clockwise.Pixels.ToArray(), Is.EqualTo(new byte[] { 3, 0, 4, 1, 5, 2 }));
        Assert.That(ImageOrientation.Apply(source, SKEncodedOrigin.LeftBottom).Pixels.ToArray(), Is.EqualTo(new byte[] { 2, 5, 1, 4, 0, 3 }));
        Assert.That(ImageOrientation.Apply(source, SKEncodedOrigin.LeftTop).Pixels.ToArray(), Is.EqualTo(new byte[] { 0, 3, 1, 4, 2, 5 }));
        Assert.That(ImageOrientation.Apply(source, SKEncodedOrigin.RightBottom).Pixels.ToArray(), Is.EqualTo(new byte[] { 5, 2, 4, 1, 3, 0 }));
    }

    [Test]
    public void Options_defaults_are_documented_values()
    {
        var options = new ImageDecodingOptions();
        Assert.That(options.MaxFileBytes, Is.EqualTo(64L * 1024 * 1024));
        Assert.That(options.MaxPixels, Is.EqualTo(50_000_000));
        Assert.That(options.MaxSide, Is.EqualTo(20_000));
    }

    [Test]
    public void Invalid_options_report_every_problem_at_once()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ImageDecodingOptions { MaxFileBytes = 0, MaxPixels = 0, MaxSide = 0 }.Validate());
        Assert.That(exception!.Message, Does.Contain("MaxFileBytes").And.Contain("MaxPixels").And.Contain("MaxSide"));
    }

    private string Write(string name, byte[] bytes) => TestImages.Write(_temp.Combine(name), bytes);
}
