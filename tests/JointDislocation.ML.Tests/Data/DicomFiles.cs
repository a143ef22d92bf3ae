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
    /// (inverted pixels marked MONOCHROME1), <c>implicit</c>, <c>bigendian</c> or <c>deflated</c> (dcmconv).
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

    /// <summary>Runs a DCMTK tool with an argument list and fails the test when it fails.</summary>
    public static void Tool(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(DicomDecoder.FindTool(tool, ImageDecodingOptions.Default) ?? tool)
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
