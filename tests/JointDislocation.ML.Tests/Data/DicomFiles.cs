using System.Diagnostics;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Tests.Data;

/// <summary>Real DICOM files made by DCMTK's own tools (img2dcm, dcmcjpls, dcmcrle, dcmodify), for the DICOM tests.</summary>
internal static class DicomFiles
{
    /// <summary>The patient name planted in every test file; no output may contain it.</summary>
    public const string PlantedName = "ZZTOKEN^SECRET";

    /// <summary>Skips the test when DCMTK is absent, unless running under CI, where it must be present.</summary>
    public static void RequireDcmtk()
    {
        if (DicomDecoder.FindTool("img2dcm", ImageDecodingOptions.Default) is not null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("DCMTK is missing under CI; .ci/run installs the dcmtk package");
        }

        Assert.Ignore("DCMTK is not installed (apt-get install dcmtk)");
    }

    /// <summary>
    /// Writes <paramref name="gray"/> as an 8-bit BMP with a gray palette, turns it into DICOM with img2dcm and plants
    /// the patient name; <paramref name="variant"/> is <c>plain</c>, <c>jpegls</c>, <c>rle</c> or <c>monochrome1</c>
    /// (inverted pixels marked MONOCHROME1), <c>implicit</c>, <c>bigendian</c> or <c>deflated</c> (dcmconv),
    /// <c>jpeg-lossless</c> or <c>jpeg-baseline</c> (dcmcjpeg), <c>j2k</c> (GDCM's gdcmconv, lossless), or
    /// <c>no-preamble</c> and <c>no-preamble-implicit</c> (dcmconv -F: a bare data set, no preamble, no file meta).
    /// </summary>
    public static string Write(string path, int width, int height, byte[] gray, string variant)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bmp = path + ".bmp";
        var stored = variant == "monochrome1" ? gray.Select(g => (byte)(255 - g)).ToArray() : gray;
        File.WriteAllBytes(bmp, GrayBmp(width, height, stored));
        var plain = variant == "plain" ? path : path + ".plain.dcm";
        Tool("img2dcm", "-i", "BMP", bmp, plain);
        File.Delete(bmp);
        Tool("dcmodify", "-nb", "-i", "(0010,0010)=" + PlantedName, "-i", "(0010,0020)=ZZTOKENID", plain);
        switch (variant)
        {
            case "jpegls":
                Tool("dcmcjpls", plain, path);
                break;
            case "rle":
                Tool("dcmcrle", plain, path);
                break;
            case "implicit":
                Tool("dcmconv", "+ti", plain, path);
                break;
            case "bigendian":
                Tool("dcmconv", "+tb", plain, path);
                break;
            case "deflated":
                Tool("dcmconv", "+td", plain, path);
                break;
            case "jpeg-lossless":
                Tool("dcmcjpeg", "+e1", plain, path);
                break;
            case "jpeg-baseline":
                Tool("dcmcjpeg", "+eb", "+sr", plain, path); // +sr: keep the 8-bit range (the default stretches min–max)
                break;
            case "j2k":
                Tool("gdcmconv", "--j2k", plain, path);
                break;
            case "no-preamble":
                Tool("dcmconv", "-F", "+te", plain, path);
                break;
            case "no-preamble-implicit":
                Tool("dcmconv", "-F", "+ti", plain, path);
                break;
            case "monochrome1":
                Tool("dcmodify", "-nb", "-m", "(0028,0004)=MONOCHROME1", plain);
                File.Move(plain, path);
                break;
        }

        if (plain != path && File.Exists(plain))
        {
            File.Delete(plain);
        }

        return path;
    }

    /// <summary>Skips the test when GDCM's gdcmconv is absent, unless running under CI, where it must be present.</summary>
    public static void RequireGdcm()
    {
        if (DicomDecoder.FindTool("gdcmconv", ImageDecodingOptions.Default) is not null)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail("GDCM is missing under CI; .ci/run installs the libgdcm-tools package");
        }

        Assert.Ignore("GDCM is not installed (apt-get install libgdcm-tools)");
    }

    /// <summary>
    /// Makes a plain file multi-frame: sets Number of Frames and appends <paramref name="extraFrames"/> more frames of
    /// <paramref name="fill"/> to the pixel data (the last element of an img2dcm file, explicit VR little endian).
    /// </summary>
    public static void AddFrames(string path, int extraFrames, byte fill)
    {
        Tool("dcmodify", "-nb", "-i", $"(0028,0008)={extraFrames + 1}", path);
        var bytes = File.ReadAllBytes(path);
        var at = -1;
        for (var i = bytes.Length - 12; i >= 132 && at < 0; i--)
        {
            if (bytes[i] == 0xE0 && bytes[i + 1] == 0x7F && bytes[i + 2] == 0x10 && bytes[i + 3] == 0x00 && bytes[i + 4] == (byte)'O')
            {
                at = i;
            }
        }

        Assert.That(at, Is.GreaterThan(0), "pixel data element");
        var length = BitConverter.ToInt32(bytes, at + 8);
        Assert.That(at + 12 + length, Is.EqualTo(bytes.Length), "pixel data is the last element");
        var grown = new byte[bytes.Length + (extraFrames * length)];
        bytes.CopyTo(grown, 0);
        grown.AsSpan(bytes.Length).Fill(fill);
        BitConverter.GetBytes(length * (extraFrames + 1)).CopyTo(grown, at + 8);
        File.WriteAllBytes(path, grown);
    }

    /// <summary>Runs a DCMTK tool with an argument list and fails the test when it fails.</summary>
    public static void Tool(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(DicomDecoder.FindTool(tool, ImageDecodingOptions.Default with { DcmtkFolder = null }) ?? tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} {string.Join(' ', arguments)}: {error.Result} {output.Result}");
    }

    /// <summary>An 8-bit bottom-up BMP with a 256-entry gray palette (img2dcm makes MONOCHROME2 of it).</summary>
    public static byte[] GrayBmp(int width, int height, byte[] gray)
    {
        var stride = (width + 3) & ~3;
        var offset = 14 + 40 + 1024;
        var bytes = new byte[offset + (stride * height)];
        void Put32(int at, int value) => BitConverter.GetBytes(value).CopyTo(bytes, at);
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        Put32(2, bytes.Length);
        Put32(10, offset);
        Put32(14, 40);
        Put32(18, width);
        Put32(22, height);
        bytes[26] = 1;
        bytes[28] = 8;
        Put32(34, stride * height);
        Put32(38, 2835);
        Put32(42, 2835);
        Put32(46, 256);
        for (var i = 0; i < 256; i++)
        {
            bytes[54 + (i * 4)] = bytes[55 + (i * 4)] = bytes[56 + (i * 4)] = (byte)i;
        }

        for (var y = 0; y < height; y++)
        {
            Array.Copy(gray, y * width, bytes, offset + ((height - 1 - y) * stride), width);
        }

        return bytes;
    }
}
