using HomeSer.Web.Infrastructure;
using SkiaSharp;

namespace HomeSer.Web.Features.Providers;

/// <summary>A photo ready to store: square, at most <see cref="PhotoProcessing.OutputSize"/> px a side, JPEG.</summary>
public sealed record ProcessedPhoto(byte[] Content, int Width, int Height);

/// <summary>
/// Checks an uploaded picture by its content (the bytes must decode as JPEG, PNG or WebP, whatever the file is called),
/// then crops it to a centred square, turns it upright and scales it down. Re-encoding also drops any metadata (GPS).
/// </summary>
public static class PhotoProcessing
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int OutputSize = 400;
    public const string OutputContentType = "image/jpeg";

    // Refuse before decoding: a small file can claim a huge canvas (a decompression bomb).
    private const int MaxSide = 10_000;
    private const long MaxPixels = 40_000_000;

    public const string Field = "photo";

    public static DomainError TooLarge => DomainError.Validation(Field, $"The photo is larger than {MaxBytes / 1024 / 1024} MB; choose a smaller one.");

    public static Result<ProcessedPhoto> Process(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return DomainError.Validation(Field, "Choose a photo to upload.");
        }
        if (bytes.Length > MaxBytes)
        {
            return TooLarge;
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp))
        {
            return DomainError.Validation(Field, "That file is not a JPEG, PNG or WebP picture.");
        }
        var info = codec.Info;
        if (info.Width > MaxSide || info.Height > MaxSide || (long)info.Width * info.Height > MaxPixels)
        {
            return DomainError.Validation(Field, $"The picture is too large ({info.Width} × {info.Height} px); use one under {MaxSide:N0} px a side.");
        }

        using var decoded = SKBitmap.Decode(codec, info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        if (decoded is null)
        {
            return DomainError.Validation(Field, "The picture could not be read; it may be damaged.");
        }

        using var upright = Upright(decoded, codec.EncodedOrigin);
        var side = Math.Min(upright.Width, upright.Height);
        var size = Math.Min(side, OutputSize);
        using var square = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(square))
        using (var image = SKImage.FromBitmap(upright))
        {
            // JPEG has no transparency: a transparent PNG lands on white, not black.
            canvas.Clear(SKColors.White);
            var crop = SKRect.Create((upright.Width - side) / 2f, (upright.Height - side) / 2f, side, side);
            canvas.DrawImage(image, crop, SKRect.Create(0, 0, size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var output = SKImage.FromBitmap(square);
        using var encoded = output.Encode(SKEncodedImageFormat.Jpeg, 85);
        return new ProcessedPhoto(encoded.ToArray(), size, size);
    }

    // Phone cameras store the picture sideways and say so in EXIF; draw it the way it was taken.
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap.Copy();
        }
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType);
        using var canvas = new SKCanvas(result);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight:
                canvas.Scale(-1, 1, bitmap.Width / 2f, 0);
                break;
            case SKEncodedOrigin.BottomRight:
                canvas.RotateDegrees(180, bitmap.Width / 2f, bitmap.Height / 2f);
                break;
            case SKEncodedOrigin.BottomLeft:
                canvas.Scale(1, -1, 0, bitmap.Height / 2f);
                break;
            case SKEncodedOrigin.LeftTop:
                canvas.Translate(result.Width, 0);
                canvas.RotateDegrees(90);
                canvas.Scale(1, -1, 0, bitmap.Height / 2f);
                break;
            case SKEncodedOrigin.RightTop:
                canvas.Translate(result.Width, 0);
                canvas.RotateDegrees(90);
                break;
            case SKEncodedOrigin.RightBottom:
                canvas.Translate(result.Width, 0);
                canvas.RotateDegrees(90);
                canvas.Scale(-1, 1, bitmap.Width / 2f, 0);
                break;
            case SKEncodedOrigin.LeftBottom:
                canvas.Translate(0, result.Height);
                canvas.RotateDegrees(-90);
                break;
        }
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        return result;
    }
}
