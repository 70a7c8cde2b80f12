using System.Text.Json;
using System.Threading.RateLimiting;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HomeSer.Web.Infrastructure;

public static class ApiSetup
{
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublicOrigin>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = 2 * MaxUrlLength);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            // Numbers are numbers: "5" for an integer field is a 400 (CONTRACT), and the document says integer, not integer | string.
            options.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            // One rule for instants: an offset is required and the year must be supported (CalendarDates).
            options.SerializerOptions.Converters.Add(new UtcInstantConverter());
        });
        // Data annotations on request records and query records, checked before any handler runs (WireValidation).
        builder.Services.AddValidation();
        builder.Services.AddScoped<RequestValidator>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                WireValidation.Normalize(context.HttpContext, validation);
            }
            Problems.Decorate(context.HttpContext, context.ProblemDetails,
                context.ProblemDetails.Extensions.TryGetValue("code", out var code) ? code as string : null);
        });

        var limits = builder.Configuration.GetSection("RateLimits");
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only attempts count: the policy sits on whole sign-in pages, and looking at the form is not guessing.
            options.AddPolicy(AuthApi.LoginRateLimitPolicy, http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("login-form")
                : RedisRateLimits.FixedWindow(http, AuthApi.LoginRateLimitPolicy, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    limits.GetValue("LoginPerMinute", 20), TimeSpan.FromMinutes(1)));
            // Sign-ups per client address: a flood of accounts (each able to book) from one address is refused.
            options.AddPolicy(AuthApi.RegisterRateLimitPolicy, http => http.Request.Method == HttpMethods.Post
                ? RedisRateLimits.FixedWindow(http, AuthApi.RegisterRateLimitPolicy, http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    limits.GetValue("RegistrationsPerHour", 10), TimeSpan.FromHours(1))
                : RateLimitPartition.GetNoLimiter("register-page"));
            // Booking creation: a per-user window, and one ceiling over everybody to protect the calendar transaction.
            options.AddPolicy(BookingsApi.CreateRateLimitPolicy, http => RedisRateLimits.FixedWindow(http, BookingsApi.CreateRateLimitPolicy,
                http.User.UserId()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                limits.GetValue("BookingsPerMinute", 10), TimeSpan.FromMinutes(1)));
            // The anonymous calendar feed, per client address: calendar apps poll a few times an hour, guessing would not stop.
            options.AddPolicy(Features.Calendar.CalendarApi.FeedRateLimitPolicy, http => RedisRateLimits.FixedWindow(http, Features.Calendar.CalendarApi.FeedRateLimitPolicy,
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown", limits.GetValue("CalendarFeedPerMinute", 60), TimeSpan.FromMinutes(1)));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == BookingsApi.CreateEndpointName
                    ? RedisRateLimits.FixedWindow(http, "global", "bookings-global", limits.GetValue("BookingsGlobalPerSecond", 200), TimeSpan.FromSeconds(1))
                    : RateLimitPartition.GetNoLimiter("other"));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                if (!IsApi(context.HttpContext.Request))
                {
                    // A browser gets the HTML status page (the status-code middleware renders an empty 429).
                    return;
                }
                var problem = Problems.Create(context.HttpContext, new DomainError(ErrorKind.RateLimited, "Too many requests; wait and try again."));
                await context.HttpContext.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
            };
        });
        // Binding failures (bad JSON, wrong types, missing body, wrong media type) become exceptions so the
        // API exception handler can answer them as problem+json naming the field, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The access_token from POST /api/auth/login/.",
                };
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description ??= TagDescriptions.GetValueOrDefault(tag.Name ?? "");
                }
                // Server URLs without a trailing slash, so "server + path" never doubles it.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DocumentProblemsAsync);
            options.AddOperationTransformer(OpenApiWireRules.ApplyToOperationAsync);
            options.AddSchemaTransformer(NullableIsOptional);
            options.AddSchemaTransformer(OpenApiWireRules.ApplyToSchemaAsync);
            options.AddSchemaTransformer(OpenApiAnnotations.ApplyToSchemaAsync);
            options.AddOperationTransformer(OpenApiAnnotations.ApplyToOperationAsync);
        });
        return builder;
    }

    /// <summary>Under /api every failure, the framework's included, answers problem+json; never an HTML page.</summary>
    /// <summary>
    /// The longest path and query we serve; longer is 414 as problem+json. Kestrel's own request-line limit is set above
    /// it, so the answer comes from here with the contract's shape rather than as Kestrel's empty 414.
    /// </summary>
    public const int MaxUrlLength = 8 * 1024;

    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if ((http.Request.Path.Value?.Length ?? 0) + (http.Request.QueryString.Value?.Length ?? 0) > MaxUrlLength)
            {
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status414UriTooLong,
                    Title = "URI too long",
                    Detail = $"The address is longer than {MaxUrlLength} characters; send large input in a request body.",
                };
                Problems.Decorate(http, problem, "URI_TOO_LONG");
                http.Response.StatusCode = StatusCodes.Status414UriTooLong;
                await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
                return;
            }
            await next(http);
        });
        app.UseWhen(http => IsApi(http.Request), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                // A client's bad input is answered, not an incident: log only our own failures as errors.
                SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
                ExceptionHandler = async http =>
                {
                    var failure = http.Features.Get<IExceptionHandlerFeature>();
                    var exception = failure?.Error;
                    var status = exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
                    var problem = new ProblemDetails
                    {
                        Status = status,
                        Title = status == 500 ? "Unexpected error" : Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
                        Detail = status == 500 ? "Something went wrong on our side; quote the trace id if you contact us." : BadRequestDetail(exception),
                    };
                    Problems.Decorate(http, problem);
                    if (status == 400 && exception is BadHttpRequestException badRequest)
                    {
                        problem.Extensions["errors"] = new Dictionary<string, string[]> { [WireValidation.FieldOf(http, failure!, badRequest)] = [problem.Detail!] };
                    }
                    http.Response.StatusCode = status;
                    await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
                },
            });
            api.UseStatusCodePages(async context =>
            {
                var http = context.HttpContext;
                var problem = new ProblemDetails
                {
                    Status = http.Response.StatusCode,
                    Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(http.Response.StatusCode),
                    Detail = http.Response.StatusCode switch
                    {
                        401 => "Sign in first: send 'Authorization: Bearer <access_token>'.",
                        403 => "You are not allowed to do this.",
                        404 => "There is nothing at this address.",
                        405 => "This address does not accept that method.",
                        415 => "Send the body as application/json.",
                        _ => null,
                    },
                };
                Problems.Decorate(http, problem);
                await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
            });
        });
        return app;
    }

    /// <summary>
    /// Documents every failure an /api operation can answer, from its metadata: bad input where it takes parameters or a
    /// body, 415 where it takes a body, 401 where it needs sign-in (login and refresh declare theirs), 403 where a role
    /// is required, 404 where the route names a resource, 429 where it is rate limited, and the domain failures it
    /// declares with <see cref="ApiFailuresExtensions.Fails{TBuilder}"/>, each with the status and code Problems gives it.
    /// </summary>
    private static async Task DocumentProblemsAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath is not { } path || !(path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("calendar/", StringComparison.Ordinal)))
        {
            return;
        }
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().ToList();
        var needsSignIn = (authorize.Count > 0 || metadata.OfType<Microsoft.AspNetCore.Authorization.AuthorizationPolicy>().Any())
            && !metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        var needsRole = authorize.Any(a => !string.IsNullOrEmpty(a.Roles) || !string.IsNullOrEmpty(a.Policy))
            || metadata.OfType<Microsoft.AspNetCore.Authorization.AuthorizationPolicy>()
                .Any(p => p.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Any());
        var declared = metadata.OfType<ApiFailures>().SelectMany(f => f.Kinds).ToList();
        operation.Responses ??= [];
        var schema = await context.GetOrCreateSchemaAsync(typeof(ApiProblem), null, cancellationToken);
        void Add(int status, string description)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.TryGetValue(key, out var existing) && existing.Content?.ContainsKey("application/problem+json") != true)
            {
                return;
            }
            // Two kinds with one status (429 RATE_LIMITED and PENDING_BOOKINGS_LIMIT) share one response.
            var text = existing is { Description: { } before } && before.Contains(':', StringComparison.Ordinal) && !before.Contains(description, StringComparison.Ordinal)
                ? $"{before} {description}"
                : description;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
        void AddKind(ErrorKind kind, string when) => Add(Problems.Status(kind), $"{Problems.Code(kind)}: {when}");

        if (operation.RequestBody is not null || operation.Parameters is { Count: > 0 })
        {
            AddKind(ErrorKind.Validation, "malformed JSON, a wrong type or an invalid value; `errors` names each field.");
        }
        if (operation.RequestBody is not null)
        {
            Add(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE: send the body as application/json.");
        }
        if (needsSignIn)
        {
            AddKind(ErrorKind.NotAuthenticated, "send 'Authorization: Bearer <access_token>'.");
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, context.Document)] = [] });
        }
        else
        {
            // Public on purpose: an empty requirement list says so, rather than leaving security undefined.
            operation.Security = [];
        }
        if (needsRole)
        {
            AddKind(ErrorKind.Forbidden, "the caller's role may not do this.");
        }
        if (context.Description.RelativePath.Contains('{', StringComparison.Ordinal))
        {
            AddKind(ErrorKind.NotFound, "nothing the caller may see has this id.");
        }
        if (metadata.OfType<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>().Any())
        {
            AddKind(ErrorKind.RateLimited, "too many requests; wait for Retry-After seconds.");
        }
        foreach (var kind in declared)
        {
            AddKind(kind, Explain(kind));
        }
        // A status an endpoint declares itself (e.g. 412 of a file result with an ETag) is answered as the same problem.
        foreach (var (key, response) in operation.Responses.ToList())
        {
            if (key is ['4' or '5', ..] && response.Content?.ContainsKey("application/problem+json") == true
                && response.Content["application/problem+json"].Schema != schema)
            {
                Add(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture), response.Description ?? key);
            }
        }
        Add(StatusCodes.Status500InternalServerError, "SERVER_ERROR: unexpected; quote trace_id.");
    }

    private static string Explain(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "an invalid value; `errors` names each field.",
        ErrorKind.NotAuthenticated => "the credentials or the token were not accepted.",
        ErrorKind.Forbidden => "the caller may not do this to this resource.",
        ErrorKind.NotFound => "it does not exist, or the caller may not see it.",
        ErrorKind.Conflict => "the calendar or the resource changed; `errors` names what clashes.",
        ErrorKind.NotModifiable => "not in a state that allows this.",
        ErrorKind.RateLimited => "too many requests; wait for Retry-After seconds.",
        ErrorKind.PaymentFailed => "the card was declined or the processor is unavailable; nothing changed.",
        ErrorKind.PendingLimit => "the customer already holds the most pending bookings allowed.",
        ErrorKind.IdempotencyKeyReused => "this Idempotency-Key was sent before with a different request.",
        _ => "see `detail`.",
    };

    /// <summary>
    /// Request records take every member as nullable so that a missing value becomes a named field error; the generator
    /// would still list them all as required. A nullable member is optional on the wire; the domain says which it needs.
    /// </summary>
    private static Task NullableIsOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var name in required.ToList())
            {
                if (properties.TryGetValue(name, out var property) && IsNullable(property))
                {
                    required.Remove(name);
                }
            }
        }
        return Task.CompletedTask;
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        schema.Type is { } type ? type.HasFlag(JsonSchemaType.Null)
        : schema.OneOf is { } choices && choices.Any(c => c.Type is JsonSchemaType.Null);

    public const string BearerSchemeName = "bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Payments"] = "The built-in test gateway: test cards become payment tokens.",
        ["Auth"] = "Sign-up, sign-in, tokens, my account, my address and my data.",
        ["Search"] = "Services near a place, ranked, with free time.",
        ["Catalog"] = "Categories and services, public.",
        ["Providers"] = "Providers' public profiles and reviews.",
        ["Provider self-service"] = "A provider's own schedule, time off and services.",
        ["Notifications"] = "The caller's stored notifications.",
        ["Bookings"] = "Availability, bookings and their lifecycle, reviews.",
    };

    /// <summary>Routes for programs, not people: /api and the calendar feeds apps subscribe to answer problem+json, never HTML.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/calendar");

    private static string BadRequestDetail(Exception? exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => $"The body is not valid JSON for this request: {JsonMessage(json)}",
        BadHttpRequestException bad => bad.Message,
        _ => "The request could not be read.",
    };

    private static string JsonMessage(JsonException json) =>
        json.Path is { Length: > 1 } path ? $"the value at '{path.TrimStart('$', '.')}' has the wrong type or format." : "the JSON is malformed.";
}
