package families

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// dotnet is Fulfilment.Api, the order-fulfilment service of a retailer: an ASP.NET Core 8
// Web API with its hosted background workers (an outbox dispatcher and a label printing
// queue consumer), three replicas on Kubernetes behind the ingress controller, EF Core 8
// on SQL Server, logging with Serilog to stdout through Serilog.Formatting.Compact's
// CompactJsonFormatter: one CLEF object a line exactly as it writes it, "@t" the UTC time
// with seven fractional digits, "@mt" the message template (not rendered), "@r" the
// renderings of formatted properties, "@l" unless the level is Information, "@x" the
// exception's ToString() (inner exceptions after " ---> ", stack frames "   at ..."),
// "@tr" and "@sp" the request's trace and span, then the properties: the template's own,
// Microsoft.Extensions.Logging's EventId, SourceContext, the logging scopes (an HttpClient
// call's, MVC's ActionId and ActionName, the hosting scope's RequestId and RequestPath,
// Kestrel's ConnectionId, its ids counting up from the process's start ticks), the
// HttpClient scope's "Scope" and the enrichers' MachineName (the pod), EnvironmentName,
// ThreadId, Application and Version. The request logging middleware writes `{"@t":
// "2024-06-18T09:00:00.1234567Z","@mt":"HTTP {RequestMethod} {RequestPath} responded
// {StatusCode} in {Elapsed:0.0000} ms","@r":["12.3457"],"@tr":"...","@sp":"...",
// "RequestMethod":"GET","RequestPath":"/api/orders/5231877","StatusCode":200,"Elapsed":
// 12.345678,"SourceContext":"Serilog.AspNetCore.RequestLoggingMiddleware","RequestId":
// "0HN4H3Q8V1KCT:0000001A","ConnectionId":"0HN4H3Q8V1KCT",...}`, at Error for 5xx. The
// minimum level is Information with Microsoft.* at Warning (Microsoft.Hosting.Lifetime at
// Information), System.Net.Http.HttpClient at Information: of EF Core's commands only its
// errors show, and a slow query interceptor's warnings about commands over 200 ms.
//
// Normal traffic: nine to ten requests a second through the ingress, from the shop and the
// warehouse system, over seven routes (GET /api/orders/{id}, an order list, POST
// /api/orders, POST /api/orders/{id}/allocate, GET /api/warehouses/{code}/stock, POST
// /api/shipments and GET /api/shipments/{id}), with the services' lines about received,
// allocated and booked orders; every shipment booked with one of two carriers (DHL and
// DPD) through typed HttpClients whose logical and client handlers log each call; the
// kubelet's /health/live and /health/ready probes every 10 s per pod; the outbox
// dispatcher on the pod holding its lease publishing what the requests wrote to the outbox
// every 2 s, and the outbox backlog every minute; the label consumer printing each booked
// shipment's label once its message is published. Routine warnings and errors: an
// allocation refused (400, "Order {OrderId} cannot be allocated: {Reason}") for a few
// percent of allocations, unknown orders and shipments (404), duplicate orders (409), a
// carrier answering 429 now and then (a retry warning, then the call succeeds), a slow
// query once in a while, a printer not acknowledging a label, and a known race on
// shipments a few times an hour (DbUpdateConcurrencyException: a 500 with the exception
// handler's error).
//
// Benign changes: a rolling deploy of 3.15.0 at 0:30 (each new pod's start-up lines, then
// an old pod's shutdown lines, one pod at a time; new pod names and Version, the outbox
// lease moving to a new pod; the new pods' lines count as the deploy's for 20 minutes); an
// EF Core migration job at 1:05 (a Kubernetes Job pod of Fulfilment.Migrator applying two
// migrations with their DDL commands, "Done."; the offline index build holding shipment
// inserts for half a minute, whose slow inserts are the job's); a third carrier, GLS,
// enabled at 1:40 through a ConfigMap reload (each pod's "Configuration reloaded" line,
// sometimes twice, and from then on GLS's own HttpClient lines and latencies on about a
// quarter of shipments; its shipments count as the change's for 30 minutes); a warehouse
// batch allocation at 2:15 for 15 minutes (the wave planner starting a batch, five more
// allocate requests a second with more refusals, a "Batch allocation {BatchId} allocated
// {Count} of {Total} orders" line every minute, a completion line with what is left for
// the next wave, bigger outbox batches); EF Core's log level raised to Debug on one pod at
// 2:45 through its admin endpoint (every command, connection, transaction and SaveChanges
// of that pod at Debug, "Executed DbCommand" at Information, for the rest of the log).
//
// Incidents: SQL Server deadlocks under a new allocation query path at 0:20 for 8 minutes
// (allocations locking stock rows with UPDLOCK in another order: lock waits making allocate
// requests and stock reads slow with slow query warnings, deadlock victims with EF's
// "Failed executing DbCommand" and "An exception occurred in the database while saving
// changes" errors carrying the SqlException 1205 inside a DbUpdateException, the
// allocation retry policy's warnings, and a 500 with the exception handler's error when
// the third attempt fails too); thread pool starvation on one pod at 1:20 for 12 minutes
// (Kestrel's HeartbeatSlow warnings every second or few, every request and probe of that
// pod taking seconds and its thread ids climbing as the pool injects threads, the
// readiness probe's checks Degraded and Unhealthy so that it gets less traffic, until the
// kubelet restarts the container: its shutdown and start-up lines); the outbox dispatcher
// stuck on a poison message at 1:55 for 20 minutes (no "Published" lines, an error every
// 30 s for the same message with a JsonException, attempts climbing, the backlog line
// climbing from a few to thousands, labels no longer printed; after the 40th attempt the
// message is dead-lettered, the backlog is published in full batches and the waiting
// labels are printed in a burst); the first carrier's certificate expired at 2:35 for 6
// minutes (every DHL call failing the TLS handshake: the handlers' failures with the
// HttpRequestException and its AuthenticationException, retry warnings, the shipments
// controller's error and a 502 on POST /api/shipments, until DHL renews it).
var dotnet = Family{
	Name:    "dotnet",
	Role:    Tuning,
	Service: "ASP.NET Core 8 order-fulfilment API (Fulfilment.Api) and its hosted workers on Kubernetes, Serilog compact JSON (CLEF) from three pods",
	Lines:   dotnetLines,
}

const (
	dotnetDeadlock   = "SQL Server deadlocks on the new allocation query: retries and 500s on allocate"
	dotnetStarvation = "thread pool starvation on one pod: heartbeat warnings, requests taking seconds, restart"
	dotnetPoison     = "outbox dispatcher stuck on a poison message: backlog growing, labels not printed"
	dotnetCert       = "carrier certificate expired: TLS failures, retries and 502s on shipments"
)

const (
	dotnetApp       = "Fulfilment.Api"
	dotnetDB        = "fulfilment"
	dotnetDBServer  = "tcp:sql-fulfilment.data.svc.cluster.local,1433"
	dotnetContext   = "Fulfilment.Api.Data.FulfilmentDbContext"
	dotnetKeyDir    = "/home/app/.aspnet/DataProtection-Keys"
	dotnetTimestamp = "2006-01-02T15:04:05.0000000Z"
	dotnetRequests  = "Serilog.AspNetCore.RequestLoggingMiddleware"
	dotnetHandler   = "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware"
	dotnetCommand   = "Microsoft.EntityFrameworkCore.Database.Command"
	dotnetSlowQuery = "Fulfilment.Api.Data.SlowQueryInterceptor"
	dotnetRetries   = "Fulfilment.Api.Infrastructure.RetryPolicies"
	dotnetOutbox    = "Fulfilment.Api.Outbox.OutboxDispatcher"
	dotnetLabels    = "Fulfilment.Api.Labels.LabelPrintConsumer"
	dotnetLifetime  = "Microsoft.Hosting.Lifetime"
	dotnetHealth    = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"

	dotnetMvcFrames = "\n   at lambda_method87(Closure, Object)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.AwaitableObjectResultExecutor.Execute(ActionContext actionContext, IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.<InvokeActionMethodAsync>g__Awaited|12_0(ControllerActionInvoker invoker, ValueTask`1 actionResultValueTask)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.<InvokeNextActionFilterAsync>g__Awaited|10_0(ControllerActionInvoker invoker, Task lastTask, State next, Scope scope, Object state, Boolean isCompleted)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.Rethrow(ActionExecutedContextSealed context)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.Next(State& next, Scope& scope, Object& state, Boolean& isCompleted)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.InvokeInnerFilterAsync()" +
		"\n--- End of stack trace from previous location ---" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker.<InvokeFilterPipelineAsync>g__Awaited|20_0(ResourceInvoker invoker, Task lastTask, State next, Scope scope, Object state, Boolean isCompleted)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker.<InvokeAsync>g__Awaited|17_0(ResourceInvoker invoker, Task task, IDisposable scope)" +
		"\n   at Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker.<InvokeAsync>g__Awaited|17_0(ResourceInvoker invoker, Task task, IDisposable scope)" +
		"\n   at Microsoft.AspNetCore.Authorization.AuthorizationMiddleware.Invoke(HttpContext context)" +
		"\n   at Microsoft.AspNetCore.Authentication.AuthenticationMiddleware.Invoke(HttpContext context)" +
		"\n   at Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddlewareImpl.<Invoke>g__Awaited|10_0(ExceptionHandlerMiddlewareImpl middleware, HttpContext context, Task task)"
	dotnetSaveFrames = "\n   at Microsoft.EntityFrameworkCore.Update.ReaderModificationCommandBatch.ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.SqlServer.Update.Internal.SqlServerModificationCommandBatch.ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor.ExecuteAsync(IEnumerable`1 commandBatches, IRelationalConnection connection, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor.ExecuteAsync(IEnumerable`1 commandBatches, IRelationalConnection connection, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.ChangeTracking.Internal.StateManager.SaveChangesAsync(IList`1 entriesToSave, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.ChangeTracking.Internal.StateManager.SaveChangesAsync(StateManager stateManager, Boolean acceptAllChangesOnSuccess, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.DbContext.SaveChangesAsync(Boolean acceptAllChangesOnSuccess, CancellationToken cancellationToken)"
	dotnetConcurrency = "Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException: The database operation was expected to affect 1 row(s), but actually affected 0 row(s); data may have been modified or deleted since entities were loaded. See https://go.microsoft.com/fwlink/?LinkId=527962 for information on understanding and handling optimistic concurrency exceptions." +
		"\n   at Microsoft.EntityFrameworkCore.Update.AffectedCountModificationCommandBatch.ThrowAggregateUpdateConcurrencyExceptionAsync(RelationalDataReader reader, Int32 commandIndex, Int32 expectedRowsAffected, Int32 rowsAffected, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.Update.AffectedCountModificationCommandBatch.ConsumeResultSetWithRowsAffectedOnlyAsync(Int32 commandIndex, RelationalDataReader reader, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.Update.AffectedCountModificationCommandBatch.ConsumeAsync(RelationalDataReader reader, CancellationToken cancellationToken)" +
		dotnetSaveFrames +
		"\n   at Fulfilment.Api.Shipments.ShipmentService.CreateAsync(CreateShipmentRequest request, CancellationToken ct) in /src/Fulfilment.Api/Shipments/ShipmentService.cs:line 88" +
		"\n   at Fulfilment.Api.Controllers.ShipmentsController.Create(CreateShipmentRequest request, CancellationToken ct) in /src/Fulfilment.Api/Controllers/ShipmentsController.cs:line 41" +
		dotnetMvcFrames
	dotnetSSLInner = "System.Security.Authentication.AuthenticationException: The remote certificate is invalid because of errors in the certificate chain: NotTimeValid" +
		"\n   at System.Net.Security.SslStream.SendAuthResetSignal(ReadOnlySpan`1 alert, ExceptionDispatchInfo exception)" +
		"\n   at System.Net.Security.SslStream.CompleteHandshake(SslAuthenticationOptions sslAuthenticationOptions)" +
		"\n   at System.Net.Security.SslStream.ForceAuthenticationAsync[TIOAdapter](Boolean receiveFirst, Byte[] reAuthenticationData, CancellationToken cancellationToken)" +
		"\n   at System.Net.Http.ConnectHelper.EstablishSslConnectionAsync(SslClientAuthenticationOptions sslOptions, HttpRequestMessage request, Boolean async, Stream stream, CancellationToken cancellationToken)"
	dotnetSSL = "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception." +
		"\n ---> " + dotnetSSLInner +
		"\n   --- End of inner exception stack trace ---" +
		"\n   at System.Net.Http.ConnectHelper.EstablishSslConnectionAsync(SslClientAuthenticationOptions sslOptions, HttpRequestMessage request, Boolean async, Stream stream, CancellationToken cancellationToken)" +
		"\n   at System.Net.Http.HttpConnectionPool.ConnectAsync(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)" +
		"\n   at System.Net.Http.HttpConnectionPool.CreateHttp11ConnectionAsync(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)" +
		"\n   at System.Net.Http.HttpConnectionPool.AddHttp11ConnectionAsync(QueueItem queueItem)" +
		"\n   at System.Threading.Tasks.TaskCompletionSourceWithCancellation`1.WaitWithCancellationAsync(CancellationToken cancellationToken)" +
		"\n   at System.Net.Http.HttpConnectionPool.HttpConnectionWaiter`1.WaitForConnectionAsync(Boolean async, CancellationToken requestCancellationToken)" +
		"\n   at System.Net.Http.HttpConnectionPool.SendWithVersionDetectionAndRetryAsync(HttpRequestMessage request, Boolean async, Boolean doRequestSendsFirst, CancellationToken cancellationToken)" +
		"\n   at System.Net.Http.DiagnosticsHandler.SendAsyncCore(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)" +
		"\n   at Microsoft.Extensions.Http.Logging.LoggingHttpMessageHandler.<SendCoreAsync>g__Core|5_0(HttpRequestMessage request, Boolean useAsync, CancellationToken cancellationToken)"
	dotnetSSLPipeline = dotnetSSL +
		"\n   at Microsoft.Extensions.Http.PolicyHttpMessageHandler.SendCoreAsync(HttpRequestMessage request, Context context, CancellationToken cancellationToken)" +
		"\n   at Polly.Retry.AsyncRetryEngine.ImplementationAsync[TResult](Func`3 action, Context context, CancellationToken cancellationToken, ExceptionPredicates shouldRetryExceptionPredicates, ResultPredicates`1 shouldRetryResultPredicates, Func`5 onRetryAsync, Int32 permittedRetryCount, IEnumerable`1 sleepDurationsEnumerable, Func`4 sleepDurationProvider, Boolean continueOnCapturedContext)" +
		"\n   at Polly.AsyncPolicy`1.ExecuteAsync(Func`3 action, Context context, CancellationToken cancellationToken, Boolean continueOnCapturedContext)" +
		"\n   at Microsoft.Extensions.Http.PolicyHttpMessageHandler.SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)" +
		"\n   at Microsoft.Extensions.Http.Logging.LoggingScopeHttpMessageHandler.<SendCoreAsync>g__Core|5_0(HttpRequestMessage request, Boolean useAsync, CancellationToken cancellationToken)"
	dotnetSSLController = dotnetSSLPipeline +
		"\n   at System.Net.Http.HttpClient.<SendAsync>g__Core|83_0(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationTokenSource cts, Boolean disposeCts, CancellationTokenSource pendingRequestsCts, CancellationToken originalCancellationToken)" +
		"\n   at Fulfilment.Api.Carriers.DhlParcelClient.CreateShipmentAsync(CarrierShipmentRequest request, CancellationToken ct) in /src/Fulfilment.Api/Carriers/DhlParcelClient.cs:line 57" +
		"\n   at Fulfilment.Api.Shipments.ShipmentService.CreateAsync(CreateShipmentRequest request, CancellationToken ct) in /src/Fulfilment.Api/Shipments/ShipmentService.cs:line 61" +
		"\n   at Fulfilment.Api.Controllers.ShipmentsController.Create(CreateShipmentRequest request, CancellationToken ct) in /src/Fulfilment.Api/Controllers/ShipmentsController.cs:line 36"
	dotnetPoisonError = "System.Text.Json.JsonException: The JSON value could not be converted to System.Decimal. Path: $.Parcels[1].WeightKg | LineNumber: 0 | BytePositionInLine: 377." +
		"\n ---> System.FormatException: Either the JSON value is not in a supported format, or is out of bounds for a Decimal." +
		"\n   at System.Text.Json.ThrowHelper.ThrowFormatException(NumericType numericType)" +
		"\n   at System.Text.Json.Utf8JsonReader.GetDecimal()" +
		"\n   at System.Text.Json.Serialization.Converters.DecimalConverter.Read(Utf8JsonReader& reader, Type typeToConvert, JsonSerializerOptions options)" +
		"\n   at System.Text.Json.Serialization.JsonConverter`1.TryRead(Utf8JsonReader& reader, Type typeToConvert, JsonSerializerOptions options, ReadStack& state, T& value, Boolean& isPopulatedValue)" +
		"\n   at System.Text.Json.Serialization.Metadata.JsonPropertyInfo`1.ReadJsonAndSetMember(Object obj, ReadStack& state, Utf8JsonReader& reader)" +
		"\n   --- End of inner exception stack trace ---" +
		"\n   at System.Text.Json.ThrowHelper.ReThrowWithPath(ReadStack& state, Utf8JsonReader& reader, Exception ex)" +
		"\n   at System.Text.Json.Serialization.JsonConverter`1.ReadCore(Utf8JsonReader& reader, JsonSerializerOptions options, ReadStack& state)" +
		"\n   at System.Text.Json.JsonSerializer.ReadFromSpan[TValue](ReadOnlySpan`1 utf8Json, JsonTypeInfo`1 jsonTypeInfo, Nullable`1 actualByteCount)" +
		"\n   at System.Text.Json.JsonSerializer.Deserialize(String json, Type returnType, JsonSerializerOptions options)" +
		"\n   at Fulfilment.Api.Outbox.OutboxMessageSerializer.Deserialize(OutboxMessage message) in /src/Fulfilment.Api/Outbox/OutboxMessageSerializer.cs:line 31" +
		"\n   at Fulfilment.Api.Outbox.OutboxDispatcher.PublishBatchAsync(IReadOnlyList`1 batch, CancellationToken ct) in /src/Fulfilment.Api/Outbox/OutboxDispatcher.cs:line 104"
	dotnetProbeCanceled = "System.Threading.Tasks.TaskCanceledException: A task was canceled." +
		"\n   at Microsoft.Data.SqlClient.SqlConnection.InternalOpenAsync(CancellationToken cancellationToken)" +
		"\n--- End of stack trace from previous location ---" +
		"\n   at HealthChecks.SqlServer.SqlServerHealthCheck.CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)"
)

// The SQL of the service's EF Core commands, as EF Core 8 writes it for SQL Server.
const (
	dotnetSQLOrder = "SELECT [o0].[Id], [o0].[CreatedAt], [o0].[CustomerId], [o0].[ExternalId], [o0].[SalesChannel], [o0].[Status], [o0].[WarehouseCode], [o0].[RowVersion], [o1].[Id], [o1].[OrderId], [o1].[Quantity], [o1].[Sku]\n" +
		"FROM (\n    SELECT TOP(1) [o].[Id], [o].[CreatedAt], [o].[CustomerId], [o].[ExternalId], [o].[SalesChannel], [o].[Status], [o].[WarehouseCode], [o].[RowVersion]\n    FROM [Orders] AS [o]\n    WHERE [o].[Id] = @__id_0\n) AS [o0]\n" +
		"LEFT JOIN [OrderLines] AS [o1] ON [o0].[Id] = [o1].[OrderId]\nORDER BY [o0].[Id]"
	dotnetSQLOrders = "SELECT [o].[Id], [o].[CreatedAt], [o].[ExternalId], [o].[Status], [o].[WarehouseCode]\nFROM [Orders] AS [o]\n" +
		"WHERE [o].[Status] = @__status_0 AND [o].[WarehouseCode] = @__warehouse_1\nORDER BY [o].[CreatedAt]\nOFFSET @__p_2 ROWS FETCH NEXT @__p_3 ROWS ONLY"
	dotnetSQLStock      = "SELECT [s].[Sku], [s].[OnHand], [s].[Reserved], [s].[UpdatedAt]\nFROM [StockLevels] AS [s]\nWHERE [s].[WarehouseCode] = @__code_0\nORDER BY [s].[Sku]"
	dotnetSQLAllocRead  = "SELECT [s].[WarehouseCode], [s].[Sku], [s].[OnHand], [s].[Reserved], [s].[RowVersion]\nFROM (\n    SELECT * FROM StockLevels WITH (UPDLOCK, ROWLOCK) WHERE Sku IN (SELECT Sku FROM OrderLines WHERE OrderId = @p0)\n) AS [s]\nORDER BY [s].[WarehouseCode]"
	dotnetSQLAllocSave  = "SET IMPLICIT_TRANSACTIONS OFF;\nSET NOCOUNT ON;\nUPDATE [StockLevels] SET [Reserved] = @p0\nOUTPUT INSERTED.[RowVersion]\nWHERE [WarehouseCode] = @p1 AND [Sku] = @p2 AND [RowVersion] = @p3;\nUPDATE [Orders] SET [Status] = @p4, [WarehouseCode] = @p5\nOUTPUT INSERTED.[RowVersion]\nWHERE [Id] = @p6 AND [RowVersion] = @p7;\nINSERT INTO [OutboxMessages] ([CreatedAt], [Payload], [Type])\nOUTPUT INSERTED.[Id]\nVALUES (@p8, @p9, @p10);"
	dotnetSQLCreate     = "SET IMPLICIT_TRANSACTIONS OFF;\nSET NOCOUNT ON;\nINSERT INTO [Orders] ([CreatedAt], [CustomerId], [ExternalId], [SalesChannel], [Status], [WarehouseCode])\nOUTPUT INSERTED.[Id], INSERTED.[RowVersion]\nVALUES (@p0, @p1, @p2, @p3, @p4, @p5);\nINSERT INTO [OutboxMessages] ([CreatedAt], [Payload], [Type])\nOUTPUT INSERTED.[Id]\nVALUES (@p6, @p7, @p8);"
	dotnetSQLShipSave   = "SET IMPLICIT_TRANSACTIONS OFF;\nSET NOCOUNT ON;\nINSERT INTO [Shipments] ([CarrierName], [CreatedAt], [OrderId], [TrackingNumber], [WarehouseCode])\nOUTPUT INSERTED.[Id]\nVALUES (@p0, @p1, @p2, @p3, @p4);\nUPDATE [Orders] SET [Status] = @p5\nOUTPUT INSERTED.[RowVersion]\nWHERE [Id] = @p6 AND [RowVersion] = @p7;\nINSERT INTO [OutboxMessages] ([CreatedAt], [Payload], [Type])\nOUTPUT INSERTED.[Id]\nVALUES (@p8, @p9, @p10);"
	dotnetSQLShipment   = "SELECT TOP(1) [s].[Id], [s].[CarrierName], [s].[CreatedAt], [s].[OrderId], [s].[TrackingNumber], [s].[WarehouseCode]\nFROM [Shipments] AS [s]\nWHERE [s].[Id] = @__id_0"
	dotnetParamsOrder   = "@__id_0='?' (DbType = Int64)"
	dotnetParamsOrders  = "@__status_0='?' (Size = 20), @__warehouse_1='?' (Size = 8), @__p_2='?' (DbType = Int32), @__p_3='?' (DbType = Int32)"
	dotnetParamsStock   = "@__code_0='?' (Size = 8)"
	dotnetParamsRead    = "@p0='?' (DbType = Int64)"
	dotnetParamsAlloc   = "@p0='?' (DbType = Int32), @p1='?' (Size = 8), @p2='?' (Size = 32), @p3='?' (Size = 8) (DbType = Binary), @p4='?' (Size = 20), @p5='?' (Size = 8), @p6='?' (DbType = Int64), @p7='?' (Size = 8) (DbType = Binary), @p8='?' (DbType = DateTimeOffset), @p9='?' (Size = 4000), @p10='?' (Size = 200)"
	dotnetParamsCreate  = "@p0='?' (DbType = DateTimeOffset), @p1='?' (DbType = Int64), @p2='?' (Size = 40), @p3='?' (Size = 20), @p4='?' (Size = 20), @p5='?' (Size = 8), @p6='?' (DbType = DateTimeOffset), @p7='?' (Size = 4000), @p8='?' (Size = 200)"
	dotnetParamsShip    = "@p0='?' (Size = 16), @p1='?' (DbType = DateTimeOffset), @p2='?' (DbType = Int64), @p3='?' (Size = 40), @p4='?' (Size = 8), @p5='?' (Size = 20), @p6='?' (DbType = Int64), @p7='?' (Size = 8) (DbType = Binary), @p8='?' (DbType = DateTimeOffset), @p9='?' (Size = 4000), @p10='?' (Size = 200)"
	dotnetParamsShipGet = "@__id_0='?' (DbType = Int64)"
)

// dotnetQuery is one EF Core command a route runs.
type dotnetQuery struct {
	params, sql string
	save        bool // a SaveChanges batch
	median      float64
}

var (
	dotnetQOrder    = dotnetQuery{dotnetParamsOrder, dotnetSQLOrder, false, 2.2}
	dotnetQOrders   = dotnetQuery{dotnetParamsOrders, dotnetSQLOrders, false, 9}
	dotnetQStock    = dotnetQuery{dotnetParamsStock, dotnetSQLStock, false, 4}
	dotnetQRead     = dotnetQuery{dotnetParamsRead, dotnetSQLAllocRead, false, 3}
	dotnetQAlloc    = dotnetQuery{dotnetParamsAlloc, dotnetSQLAllocSave, true, 6}
	dotnetQCreate   = dotnetQuery{dotnetParamsCreate, dotnetSQLCreate, true, 5}
	dotnetQShip     = dotnetQuery{dotnetParamsShip, dotnetSQLShipSave, true, 6}
	dotnetQShipment = dotnetQuery{dotnetParamsShipGet, dotnetSQLShipment, false, 1.8}
)

// dotnetRoute is a route of the API and the controller action that serves it.
type dotnetRoute struct {
	method, name string
	weight       float64
	median       float64 // milliseconds of the handler, its commands aside
	action       string
}

var dotnetRoutes = []dotnetRoute{
	{"GET", "order", 0.38, 4, "Fulfilment.Api.Controllers.OrdersController.Get (Fulfilment.Api)"},
	{"GET", "orders", 0.08, 9, "Fulfilment.Api.Controllers.OrdersController.List (Fulfilment.Api)"},
	{"POST", "create", 0.06, 14, "Fulfilment.Api.Controllers.OrdersController.Create (Fulfilment.Api)"},
	{"POST", "allocate", 0.14, 11, "Fulfilment.Api.Controllers.OrdersController.Allocate (Fulfilment.Api)"},
	{"GET", "stock", 0.18, 6, "Fulfilment.Api.Controllers.WarehousesController.GetStock (Fulfilment.Api)"},
	{"POST", "shipment", 0.07, 12, "Fulfilment.Api.Controllers.ShipmentsController.Create (Fulfilment.Api)"},
	{"GET", "shipment-get", 0.09, 3, "Fulfilment.Api.Controllers.ShipmentsController.Get (Fulfilment.Api)"},
}

// dotnetCarrier is a carrier's API as its typed HttpClient calls it.
type dotnetCarrier struct {
	name, client, uri string
	median            float64
}

var (
	dotnetDHL = dotnetCarrier{"DHL", "DhlParcelClient", "https://api-eu.dhl.com/parcel/de/shipping/v2/orders", 380}
	dotnetDPD = dotnetCarrier{"DPD", "DpdShipperClient", "https://shipperservices.dpd.de/api/v1/shipments", 240}
	dotnetGLS = dotnetCarrier{"GLS", "GlsShipItClient", "https://api.gls-group.net/shipit-farm/v1/backend/rs/shipments", 560}
)

var (
	dotnetWarehouses = []string{"BER1", "LEJ2", "HAM1", "DUS1"}
	dotnetStatuses   = []string{"Received", "Allocated", "Allocated", "Picking", "ReadyToShip", "ReadyToShip"}
	dotnetChannels   = []string{"webshop", "webshop", "webshop", "app", "app", "marketplace-zalando", "marketplace-amazon"}
	dotnetSkuBases   = []string{"TSH-1042", "TSH-2210", "HOD-0871", "JKT-3305", "SNK-5012", "SNK-5540", "CAP-0130", "SOK-0992", "DRS-4471", "JNS-6120", "BAG-7701", "BLT-0205"}
	dotnetSizes      = []string{"XS", "S", "M", "M", "L", "L", "XL", "XXL"}
	dotnetColours    = []string{"BLK", "WHT", "NVY", "GRY", "RED", "OLV"}
	dotnetReasons    = []string{"order is already allocated", "order is on hold: payment review", "order was cancelled by the customer", "address validation pending"}
)

type dotnetConn struct {
	id   string
	reqs int
}

// dotnetLife is one process of a pod's container.
type dotnetLife struct {
	up, listen, ready, stop, down time.Time
	connBase, opened              int64
	conns                         []*dotnetConn // the ingress controller's keep-alive connections
	actions                       map[string]string
	threads                       int
}

type dotnetPod struct {
	name, app, version string
	lives              []*dotnetLife
	tr                 truth // the truth of its lines until trUntil
	trUntil            time.Time
}

func (p *dotnetPod) life(t time.Time) *dotnetLife {
	for _, l := range p.lives {
		if !t.Before(l.up) && t.Before(l.down) {
			return l
		}
	}
	return nil
}

// dotnetScope is what the logging scopes of a request add to its lines.
type dotnetScope struct {
	reqID, path, conn, trace, span string
	actionID, action               string // MVC's, inside a controller action only
}

// dotnetMsg is a message a request wrote to the outbox.
type dotnetMsg struct {
	at                  time.Time
	shipment, warehouse string
	tr                  truth
	batch               bool
}

type dotnetPending struct {
	at time.Time
	fn func()
}

type dotnetEntry struct {
	tr     truth
	at     time.Time
	sc     *dotnetScope
	source string
	mt     string
	fields []field
}

type dotnetLog struct {
	g *gen
	j *journal

	start, end                                  time.Time
	deploy, migrate, reload, batch, debug       change
	deadlockAt, starveAt, starveStop, starveEnd time.Time
	poisonAt, certAt, indexFrom, indexTo        time.Time
	old, fresh, pods                            []*dotnetPod
	bad, leader, debugPod, batchPod             *dotnetPod
	reloaded                                    map[*dotnetPod]time.Time
	pending                                     []dotnetPending
	msgs                                        []dotnetMsg
	batchOK                                     []time.Time
	batchRefused                                int
	orderSeq, shipSeq, labelSeq, batchTotal     int
	batchID, waveID, poisonID                   string
	printerFree                                 map[string]time.Time
	leaseFrom                                   time.Time
	extOrders                                   int
	hotOrders                                   []int
}

func dotnetLines(seed int64) []Line {
	start := time.Date(2024, 6, 18, 9, 0, 0, 0, time.UTC)
	g := newGen(seed, 7)
	at := func(d time.Duration) time.Time {
		return start.Add(d + time.Duration(g.between(30000, 9970000))*100)
	}
	d := &dotnetLog{
		g:           g,
		j:           &journal{},
		start:       start,
		end:         start.Add(Length),
		deploy:      change{"rolling deploy of Fulfilment.Api 3.15.0", at(30 * time.Minute)},
		migrate:     change{"EF Core migration job: two migrations and an offline index build", at(65 * time.Minute)},
		reload:      change{"carrier GLS enabled by a configuration reload", at(100 * time.Minute)},
		batch:       change{"warehouse batch allocation run", at(135 * time.Minute)},
		debug:       change{"EF Core log level raised to Debug on one pod", at(165 * time.Minute)},
		deadlockAt:  at(20 * time.Minute),
		starveAt:    at(80 * time.Minute),
		poisonAt:    at(115 * time.Minute),
		certAt:      at(155 * time.Minute),
		reloaded:    map[*dotnetPod]time.Time{},
		printerFree: map[string]time.Time{},
	}
	d.starveStop = d.starveAt.Add(12*time.Minute + d.msr(-20000, 20000))
	d.orderSeq = g.between(5290000, 5310000)
	d.shipSeq = g.between(1880000, 1890000)
	d.labelSeq = g.between(730000, 740000)
	d.extOrders = g.between(40000000, 41000000)
	d.batchID = fmt.Sprintf("BA-20240618-%03d", g.between(3, 9))
	d.waveID = fmt.Sprintf("W-%s-%04d", dotnetWarehouses[1], g.between(1000, 9999))
	d.poisonID = g.uuid()
	for i := 0; i < 50; i++ {
		d.hotOrders = append(d.hotOrders, d.orderSeq-g.between(1, 40000))
	}
	d.makePods()
	d.restartStarved()
	for _, p := range d.pods {
		if l := p.life(d.reload.start); l != nil && l.stop.After(d.reload.start) {
			d.reloaded[p] = d.reload.start.Add(d.msr(4000, 75000)) // the kubelet's ConfigMap sync
		}
	}
	d.indexFrom = d.migrate.start.Add(d.msr(4200, 5200))
	d.indexTo = d.indexFrom.Add(d.msr(22000, 31000))
	for _, p := range d.pods {
		if p.app != dotnetApp {
			continue
		}
		for _, l := range p.lives {
			d.probes(p, l)
		}
	}

	// Requests, handled in the order they arrive (Kestrel counts them per connection).
	end := d.end
	g.arrivals(start, end, d.rate, func(t time.Time) {
		d.schedule(t, func() { d.request(t, d.pickRoute(), routine) })
	})
	batchEnd := d.batch.start.Add(15 * time.Minute)
	d.batchTotal = g.between(4300, 4700)
	g.arrivals(d.batch.start.Add(2*time.Second), batchEnd, func(time.Time) float64 { return float64(d.batchTotal) / 880 }, func(t time.Time) {
		if g.chance(rampUp(t, d.batch.start, 40*time.Second)) {
			d.schedule(t, func() { d.request(t, &dotnetRoutes[3], d.batch.truth()) })
		}
	})
	d.schedule(d.batch.start, d.batchStart)
	d.schedule(d.debug.start, d.logLevel)
	sort.SliceStable(d.pending, func(a, b int) bool { return d.pending[a].at.Before(d.pending[b].at) })
	for _, x := range d.pending {
		x.fn()
	}
	d.pending = nil

	sort.SliceStable(d.msgs, func(a, b int) bool { return d.msgs[a].at.Before(d.msgs[b].at) })
	d.dispatch()
	d.batchProgress(batchEnd)
	d.migration()
	d.reloadLines()
	d.heartbeats()
	g.arrivals(start, end, func(time.Time) float64 { return 1.0 / 1500 }, d.printerWarning)
	return d.j.sorted(end)
}

func dotnetMs(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

func (d *dotnetLog) schedule(at time.Time, fn func()) {
	d.pending = append(d.pending, dotnetPending{at, fn})
}

// rate is the requests a second the ingress sends: nine, rising through the morning.
func (d *dotnetLog) rate(t time.Time) float64 {
	m := t.Sub(d.start).Minutes()
	return 9 * (1 + 0.07*math.Sin(2*math.Pi*m/47) + 0.04*math.Sin(2*math.Pi*m/13+2)) * (0.93 + 0.14*m/180)
}

func (d *dotnetLog) pickRoute() *dotnetRoute {
	u := d.g.rng.Float64()
	for i := range dotnetRoutes {
		if u < dotnetRoutes[i].weight {
			return &dotnetRoutes[i]
		}
		u -= dotnetRoutes[i].weight
	}
	return &dotnetRoutes[0]
}

// dotnetTicks is a time in .NET ticks, which Kestrel's connection ids count from.
func dotnetTicks(t time.Time) int64 { return t.UnixNano()/100 + 621355968000000000 }

// dotnetConnID encodes a connection id as Kestrel does: 13 base32 characters.
func dotnetConnID(id int64) string {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
	b := make([]byte, 13)
	for i := range b {
		b[i] = chars[(id>>(60-5*i))&31]
	}
	return string(b)
}

func (d *dotnetLog) newLife(up time.Time) *dotnetLife {
	g := d.g
	l := &dotnetLife{up: up, stop: d.end.Add(time.Hour), down: d.end.Add(time.Hour), actions: map[string]string{}}
	l.listen = up.Add(d.msr(1900, 3200))
	l.ready = l.listen.Add(d.msr(2500, 7500))
	l.connBase = dotnetTicks(up) + int64(g.between(0, 9999))
	l.threads = g.between(14, 30)
	for i := 0; i < 8; i++ {
		l.conns = append(l.conns, d.newConn(l))
	}
	return l
}

func (d *dotnetLog) newConn(l *dotnetLife) *dotnetConn {
	l.opened++
	return &dotnetConn{id: dotnetConnID(l.connBase + l.opened)}
}

// makePods builds the three pods running at the start and the rolling deploy's three:
// each new pod created once the one before is ready and an old pod terminated
// (maxSurge 1, maxUnavailable 0).
func (d *dotnetLog) makePods() {
	g := d.g
	for i := 0; i < 3; i++ {
		p := &dotnetPod{name: "fulfilment-api-7d9f8b6c4d-" + g.alnum(5), app: dotnetApp, version: "3.14.2", tr: routine}
		l := d.newLife(d.start.Add(-time.Duration(g.between(5*3600, 30*3600)) * time.Second))
		l.opened += int64(d.start.Sub(l.up) / (5 * time.Second)) // the probes' connections so far
		for _, c := range l.conns {
			c.id = dotnetConnID(l.connBase + l.opened - int64(g.between(1, 4000)))
			c.reqs = g.between(20, 3000)
		}
		p.lives = append(p.lives, l)
		d.old = append(d.old, p)
		d.pods = append(d.pods, p)
	}
	tr := d.deploy.truth()
	at := d.deploy.start.Add(d.msr(3000, 8000))
	for i := 0; i < 3; i++ {
		p := &dotnetPod{name: "fulfilment-api-5c8b7d9f6-" + g.alnum(5), app: dotnetApp, version: "3.15.0", tr: tr, trUntil: d.deploy.start.Add(20 * time.Minute)}
		l := d.newLife(at)
		p.lives = append(p.lives, l)
		d.startup(tr, p, l)
		o := d.old[i]
		ol := o.lives[0]
		ol.stop = l.ready.Add(d.msr(400, 2500))
		d.shutdown(tr, o, ol, ol.stop.Add(d.msr(5, 40)), d.msr(300, 1800))
		at = ol.stop.Add(d.msr(300, 1500))
		d.fresh = append(d.fresh, p)
		d.pods = append(d.pods, p)
	}
	d.leader, d.bad, d.debugPod = d.fresh[0], d.fresh[1], d.fresh[2]
	// The old leader's lease expires 15 s after it stopped renewing it.
	d.leaseFrom = d.old[0].lives[0].stop.Add(15*time.Second + d.msr(0, 1999))
	d.log(tr, d.leader, d.leaseFrom, nil, dotnetOutbox, "Acquired outbox dispatcher lease {LeaseName} (previous holder {PreviousHolder})",
		field{"LeaseName", "outbox-dispatcher"}, field{"PreviousHolder", d.old[0].name})
}

// restartStarved is the kubelet restarting the starved pod's container once its liveness
// probe has failed three times in a row: SIGTERM, handled late, and a fresh process of
// the same pod.
func (d *dotnetLog) restartStarved() {
	g := d.g
	tr := incident(dotnetStarvation)
	p := d.bad
	l := p.lives[0]
	l.stop = d.starveStop
	sig := d.starveStop.Add(dotnetMs(g.lognormal(2500, 0.4)))
	d.shutdown(tr, p, l, sig, d.msr(18000, 28000))
	fresh := d.newLife(l.down.Add(d.msr(800, 1600)))
	p.lives = append(p.lives, fresh)
	d.startup(tr, p, fresh)
	d.starveEnd = fresh.ready
}

// startup is what a process writes as it starts: Program's first line, Data Protection's
// warnings about its keys in the container, the hosted workers starting, then the host.
func (d *dotnetLog) startup(tr truth, p *dotnetPod, l *dotnetLife) {
	g := d.g
	at := l.up.Add(d.msr(300, 700))
	main := field{"~ThreadId", 1}
	d.log(tr, p, at, nil, "", "Starting web host", main)
	at = at.Add(d.msr(600, 1100))
	d.log(tr, p, at, nil, "Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository",
		"Storing keys in a directory '{path}' that may not be persisted outside of the container. Protected data will be unavailable when container is destroyed. For more information go to https://aka.ms/aspnet/dataprotectionwarning",
		field{"@l", "Warning"}, field{"path", dotnetKeyDir}, dotnetEventID(60, "UsingEphemeralFileSystemLocationInContainer"), main)
	at = at.Add(d.msr(20, 90))
	key := g.uuid()
	d.log(tr, p, at, nil, "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager",
		"No XML encryptor configured. Key {KeyId:B} may be persisted to storage in unencrypted form.",
		field{"@r", []string{"{" + key + "}"}}, field{"@l", "Warning"}, field{"KeyId", key}, dotnetEventID(35, "NoXMLEncryptorConfiguredKeyMayBePersistedToStorageInUnencryptedForm"), main)
	at = l.listen.Add(-d.msr(40, 160))
	d.log(tr, p, at, nil, dotnetOutbox, "Outbox dispatcher started, polling every {PollInterval}", field{"PollInterval", "00:00:02"}, field{"~ThreadId", g.between(4, 12)})
	at = at.Add(d.msr(5, 30))
	d.log(tr, p, at, nil, dotnetLabels, "Label print consumer subscribed to {QueueName} with prefetch {PrefetchCount}", field{"QueueName", "fulfilment.label-print"}, field{"PrefetchCount", 16}, field{"~ThreadId", g.between(4, 12)})
	at = l.listen
	d.log(tr, p, at, nil, dotnetLifetime, "Now listening on: {address}", field{"address", "http://[::]:8080"}, dotnetEventID(14, "ListeningOnAddress"), main)
	at = at.Add(time.Duration(g.between(3000, 9000)) * 100)
	d.log(tr, p, at, nil, dotnetLifetime, "Application started. Press Ctrl+C to shut down.", main)
	at = at.Add(time.Duration(g.between(500, 3000)) * 100)
	d.log(tr, p, at, nil, dotnetLifetime, "Hosting environment: {EnvName}", field{"EnvName", "Production"}, main)
	at = at.Add(time.Duration(g.between(500, 3000)) * 100)
	d.log(tr, p, at, nil, dotnetLifetime, "Content root path: {ContentRoot}", field{"ContentRoot", "/app"}, main)
}

// shutdown is a process's graceful stop on SIGTERM: the host stopping, the hosted workers
// stopping, the process gone after drain.
func (d *dotnetLog) shutdown(tr truth, p *dotnetPod, l *dotnetLife, at time.Time, drain time.Duration) {
	g := d.g
	d.log(tr, p, at, nil, dotnetLifetime, "Application is shutting down...", field{"~ThreadId", g.between(4, 40)})
	at = at.Add(d.msr(2, 30))
	d.log(tr, p, at, nil, dotnetLabels, "Label print consumer stopped", field{"~ThreadId", g.between(4, 40)})
	at = at.Add(d.msr(1, 20))
	d.log(tr, p, at, nil, dotnetOutbox, "Outbox dispatcher stopping", field{"~ThreadId", g.between(4, 40)})
	l.down = at.Add(drain)
}

func dotnetEventID(id int, name string) field {
	return field{"EventId", []field{{"Id", id}, {"Name", name}}}
}

func (d *dotnetLog) log(tr truth, p *dotnetPod, at time.Time, sc *dotnetScope, source, mt string, fields ...field) {
	d.j.add(tr, at, d.text(p, at, sc, source, mt, fields...))
}

// msr is a random duration of lo to hi milliseconds, to the 100 ns of .NET's clock.
func (d *dotnetLog) msr(lo, hi int) time.Duration {
	return time.Duration(d.g.between(lo*10000, hi*10000)) * 100
}

// text writes one CLEF object. Fields keyed "@r", "@l" and "@x" go to the head; fields
// keyed "~Name" are given by a scope (an HttpClient call's HttpMethod and Uri, or a
// ThreadId fixed by the caller) and go after SourceContext; "Scope" goes after the
// request's scopes; the rest are the template's properties and EventId, in order.
func (d *dotnetLog) text(p *dotnetPod, at time.Time, sc *dotnetScope, source, mt string, fields ...field) string {
	head := []field{{"@t", at.UTC().Format(dotnetTimestamp)}, {"@mt", mt}}
	var r, l, x, scoped, props, scopeItems []field
	thread := 0
	has := map[string]bool{}
	for _, f := range fields {
		switch {
		case f.key == "@r":
			r = append(r, f)
		case f.key == "@l":
			l = append(l, f)
		case f.key == "@x":
			x = append(x, f)
		case f.key == "~ThreadId":
			thread = f.value.(int)
		case f.key == "Scope":
			scopeItems = append(scopeItems, f)
		case strings.HasPrefix(f.key, "~"):
			scoped = append(scoped, field{f.key[1:], f.value})
		default:
			props = append(props, f)
			has[f.key] = true
		}
	}
	out := append(head, r...)
	out = append(out, l...)
	out = append(out, x...)
	if sc != nil && sc.trace != "" {
		out = append(out, field{"@tr", sc.trace}, field{"@sp", sc.span})
	}
	out = append(out, props...)
	if source != "" {
		out = append(out, field{"SourceContext", source})
	}
	out = append(out, scoped...)
	if sc != nil {
		if sc.actionID != "" {
			out = append(out, field{"ActionId", sc.actionID}, field{"ActionName", sc.action})
		}
		out = append(out, field{"RequestId", sc.reqID})
		if !has["RequestPath"] {
			out = append(out, field{"RequestPath", sc.path})
		}
		out = append(out, field{"ConnectionId", sc.conn})
	}
	out = append(out, scopeItems...)
	if thread == 0 {
		thread = d.thread(p, at)
	}
	out = append(out, field{"MachineName", p.name}, field{"EnvironmentName", "Production"}, field{"ThreadId", thread},
		field{"Application", p.app}, field{"Version", p.version})
	return jsonLine(out...)
}

// thread is the managed thread id of a thread pool thread of the pod at t: the starved
// pod's pool injects a thread or two a second.
func (d *dotnetLog) thread(p *dotnetPod, t time.Time) int {
	l := p.life(t)
	if l == nil {
		return d.g.between(4, 30)
	}
	n := l.threads
	if p == d.bad && l == p.lives[0] && t.After(d.starveAt) {
		n += int(math.Min(560, 1.6*t.Sub(d.starveAt).Seconds()))
		if d.g.chance(0.6) {
			return d.g.between(n*2/3, 4+n)
		}
	}
	return d.g.between(4, 4+n)
}

// podTruth is the truth of a pod's lines about t: the starved pod's from the starvation
// to its fresh process being ready, a new pod's while it is new.
func (d *dotnetLog) podTruth(p *dotnetPod, t time.Time) truth {
	if p == d.bad && !t.Before(d.starveAt) && t.Before(d.starveEnd) {
		return incident(dotnetStarvation)
	}
	if t.Before(p.trUntil) {
		return p.tr
	}
	return routine
}

// progress is how far the starvation has gone, 0 to 1.
func (d *dotnetLog) progress(t time.Time) float64 {
	return math.Max(0, math.Min(1, float64(t.Sub(d.starveAt))/float64(d.starveStop.Sub(d.starveAt))))
}

// starved is how long work of the starved pod waits for a thread at t, in ms; 0 elsewhere.
func (d *dotnetLog) starved(p *dotnetPod, t time.Time) float64 {
	if p != d.bad || t.Before(d.starveAt) || !t.Before(d.starveStop.Add(time.Minute)) || p.life(t) != p.lives[0] {
		return 0
	}
	x := d.progress(t)
	return d.g.lognormal(150*math.Pow(60, math.Pow(x, 0.4)), 0.45)
}

// weight is a pod's share of the ingress's traffic at t: none unless ready, little for the
// starved pod once its readiness probe fails more often than not.
func (d *dotnetLog) weight(p *dotnetPod, t time.Time) float64 {
	if p.app != dotnetApp {
		return 0
	}
	l := p.life(t)
	if l == nil || t.Before(l.ready) || !t.Before(l.stop) {
		return 0
	}
	if p == d.bad && l == p.lives[0] && t.After(d.starveAt.Add(100*time.Second)) {
		return 0.25
	}
	return 1
}

func (d *dotnetLog) servingPod(t time.Time) *dotnetPod {
	i := d.g.weighted(len(d.pods), func(i int) float64 { return d.weight(d.pods[i], t) })
	if i < 0 {
		return nil
	}
	return d.pods[i]
}

// livePod is a pod whose process runs at t (a consumer of the label queue).
func (d *dotnetLog) livePod(t time.Time) *dotnetPod {
	var live []*dotnetPod
	for _, p := range d.pods {
		if l := p.life(t); p.app == dotnetApp && l != nil && !t.Before(l.listen) && t.Before(l.stop) {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return pick(d.g, live)
}

// scope opens a request's scopes: a keep-alive connection from the ingress (now and then
// a new one), or a connection of its own for a probe.
func (d *dotnetLog) scope(l *dotnetLife, path, action string, own bool) *dotnetScope {
	g := d.g
	var c *dotnetConn
	if own {
		c = d.newConn(l)
	} else {
		k := g.intn(len(l.conns))
		if g.chance(1.0 / 700) {
			l.conns[k] = d.newConn(l)
		}
		c = l.conns[k]
	}
	c.reqs++
	sc := &dotnetScope{reqID: fmt.Sprintf("%s:%08X", c.id, c.reqs), path: path, conn: c.id, trace: g.hex(32), span: g.hex(16)}
	if action != "" {
		id, ok := l.actions[action]
		if !ok {
			id = g.uuid()
			l.actions[action] = id
		}
		sc.actionID, sc.action = id, action
	}
	return sc
}

func dotnetOutside(sc *dotnetScope) *dotnetScope {
	o := *sc
	o.actionID, o.action = "", ""
	return &o
}

func (d *dotnetLog) orderID() int {
	if d.g.chance(0.3) {
		return pick(d.g, d.hotOrders)
	}
	return d.orderSeq - d.g.between(1, 60000)
}

func (d *dotnetLog) sku() string {
	g := d.g
	return fmt.Sprintf("%s-%s-%s", pick(g, dotnetSkuBases), pick(g, dotnetSizes), pick(g, dotnetColours))
}

func dotnetElapsed(ms float64) string { return fmt.Sprintf("%.4f", ms) }

// dotnetSpan formats a TimeSpan as .NET's default format does.
func dotnetSpan(x time.Duration) string {
	s := fmt.Sprintf("%02d:%02d:%02d", int(x.Hours()), int(x.Minutes())%60, int(x.Seconds())%60)
	if f := (x % time.Second) / 100; f > 0 {
		s += fmt.Sprintf(".%07d", int(f))
	}
	return s
}

// request is one request arriving at t from the ingress, with the lines its handler,
// EF Core, the HttpClients and the request logging middleware write.
func (d *dotnetLog) request(t time.Time, r *dotnetRoute, base truth) {
	g := d.g
	p := d.servingPod(t)
	if p == nil {
		return
	}
	l := p.life(t)
	tr := d.podTruth(p, t)
	if tr.incident == "" {
		tr = later(tr, base)
	}
	id := d.orderID()
	status := 200
	var path string
	switch r.name {
	case "order":
		path = fmt.Sprintf("/api/orders/%d", id)
	case "orders", "create":
		path = "/api/orders"
	case "allocate":
		path = fmt.Sprintf("/api/orders/%d/allocate", id)
	case "stock":
		path = fmt.Sprintf("/api/warehouses/%s/stock", pick(g, dotnetWarehouses))
	case "shipment":
		path = "/api/shipments"
	case "shipment-get":
		path = fmt.Sprintf("/api/shipments/%d", d.shipSeq-g.between(1, 30000))
	}
	sc := d.scope(l, path, r.action, false)
	var out []dotnetEntry
	ms := d.starved(p, t) // waiting for a thread before the pipeline runs
	emit := func(tr truth, source, mt string, fields ...field) {
		out = append(out, dotnetEntry{tr, t.Add(dotnetMs(ms)), sc, source, mt, fields})
		ms += g.lognormal(0.015, 0.5) // writing the line
	}
	outside := dotnetOutside(sc)
	emitOutside := func(tr truth, source, mt string, fields ...field) {
		out = append(out, dotnetEntry{tr, t.Add(dotnetMs(ms)), outside, source, mt, fields})
		ms += g.lognormal(0.015, 0.5)
	}
	ms += g.lognormal(r.median, 0.4)
	dtr := tr
	if tr.incident == "" && d.debugOn(p, t) {
		dtr = later(tr, d.debug.truth())
	}
	debug := d.debugOn(p, t)
	query := func(tr truth, q dotnetQuery, q0 float64, rows int) {
		d.command(emit, &ms, tr, dtr, debug, q, q0, rows)
	}
	deadlocks := within(t, d.deadlockAt, 8*time.Minute)
	switch r.name {
	case "order":
		rows := g.between(1, 5)
		if g.chance(0.01) {
			status, rows = 404, 0
		}
		query(tr, dotnetQOrder, 0, rows)
	case "orders":
		query(tr, dotnetQOrders, 0, pick(g, []int{25, 25, 25, 12, 7, 0}))
	case "shipment-get":
		rows := 1
		if g.chance(0.015) {
			status, rows = 404, 0
		}
		query(tr, dotnetQShipment, 0, rows)
	case "stock":
		q0 := 0.0
		if deadlocks && tr.incident == "" {
			tr = incident(dotnetDeadlock)
			q0 = g.lognormal(140, 0.8) * d.deadlockShare(t) * 2 // blocked by the allocations' update locks
		}
		query(tr, dotnetQStock, q0, g.between(180, 420))
	case "create":
		d.extOrders++
		ext := fmt.Sprintf("%s-%d", strings.ToUpper(pick(g, dotnetChannels)[:3]), d.extOrders)
		channel := pick(g, dotnetChannels)
		if g.chance(0.006) {
			status = 409
			emit(tr, "Fulfilment.Api.Orders.OrderIntakeService", "Duplicate order {ExternalOrderId} from {SalesChannel} rejected", field{"@l", "Warning"}, field{"ExternalOrderId", ext}, field{"SalesChannel", channel})
			break
		}
		status = 201
		d.orderSeq++
		query(tr, dotnetQCreate, 0, 2)
		emit(tr, "Fulfilment.Api.Orders.OrderIntakeService", "Order {OrderId} received from {SalesChannel} with {LineCount} lines",
			field{"OrderId", d.orderSeq}, field{"SalesChannel", channel}, field{"LineCount", pick(g, []int{1, 1, 1, 2, 2, 3, 4})}, field{"ExternalOrderId", ext})
		d.msgs = append(d.msgs, dotnetMsg{at: t.Add(dotnetMs(ms)), tr: tr})
	case "allocate":
		status = d.allocate(emit, emitOutside, &ms, &tr, dtr, debug, id, deadlocks, base == d.batch.truth(), p, t)
	case "shipment":
		status = d.shipment(emit, emitOutside, &ms, &tr, dtr, debug, id, p, t)
	}
	if debug {
		emit(dtr, "Microsoft.EntityFrameworkCore.Infrastructure", "'{contextType}' disposed.", field{"@l", "Debug"}, field{"contextType", "FulfilmentDbContext"}, dotnetEventID(10407, "Microsoft.EntityFrameworkCore.Infrastructure.ContextDisposed"))
	}
	ms += g.lognormal(0.6, 0.4)
	fields := []field{{"@r", []string{dotnetElapsed(ms)}}}
	if status >= 500 {
		fields = append(fields, field{"@l", "Error"})
	}
	fields = append(fields, field{"RequestMethod", r.method}, field{"RequestPath", path}, field{"StatusCode", status}, field{"Elapsed", round(ms, 6)})
	out = append(out, dotnetEntry{tr, t.Add(dotnetMs(ms)), outside, dotnetRequests, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", fields})
	for _, e := range out {
		if e.at.Before(l.down) {
			d.log(e.tr, p, e.at, e.sc, e.source, e.mt, e.fields...)
		}
	}
}

func (d *dotnetLog) debugOn(p *dotnetPod, t time.Time) bool {
	return p == d.debugPod && !t.Before(d.debug.start)
}

// deadlockShare is how many allocations deadlock at t: rising within a minute, about half.
func (d *dotnetLog) deadlockShare(t time.Time) float64 {
	if !within(t, d.deadlockAt, 8*time.Minute) {
		return 0
	}
	m := t.Sub(d.deadlockAt).Minutes()
	return rampUp(t, d.deadlockAt, 50*time.Second) * (0.42 + 0.08*math.Sin(2*math.Pi*m/2.7))
}

// command is one EF Core command of a request taking q0 ms more than usual: the slow
// query interceptor's warning over 200 ms, and EF Core's own lines at Debug on the pod
// whose level was raised.
func (d *dotnetLog) command(emit func(truth, string, string, ...field), ms *float64, tr, dtr truth, debug bool, q dotnetQuery, q0 float64, rows int) {
	g := d.g
	e := g.lognormal(q.median, 0.45) + q0
	if g.chance(0.00022) {
		e += g.lognormal(320, 0.35)
	}
	dbEvent := func(id int, name string) field {
		return dotnetEventID(id, "Microsoft.EntityFrameworkCore.Database."+name)
	}
	on := []field{{"database", dotnetDB}, {"server", dotnetDBServer}}
	step := func(x float64) { *ms += g.lognormal(x, 0.3) }
	if debug && q.save {
		emit(dtr, "Microsoft.EntityFrameworkCore.Update", "SaveChanges starting for '{contextType}'.", field{"@l", "Debug"}, field{"contextType", "FulfilmentDbContext"}, dotnetEventID(10004, "Microsoft.EntityFrameworkCore.Update.SaveChangesStarting"))
		emit(dtr, "Microsoft.EntityFrameworkCore.ChangeTracking", "DetectChanges starting for '{contextType}'.", field{"@l", "Debug"}, field{"contextType", "FulfilmentDbContext"}, dotnetEventID(10800, "Microsoft.EntityFrameworkCore.ChangeTracking.DetectChangesStarting"))
		step(0.08)
		emit(dtr, "Microsoft.EntityFrameworkCore.ChangeTracking", "DetectChanges completed for '{contextType}'.", field{"@l", "Debug"}, field{"contextType", "FulfilmentDbContext"}, dotnetEventID(10801, "Microsoft.EntityFrameworkCore.ChangeTracking.DetectChangesCompleted"))
	}
	if debug {
		emit(dtr, "Microsoft.EntityFrameworkCore.Database.Connection", "Opening connection to database '{database}' on server '{server}'.", append([]field{{"@l", "Debug"}}, append(on, dbEvent(20000, "Connection.ConnectionOpening"))...)...)
		step(0.15)
		emit(dtr, "Microsoft.EntityFrameworkCore.Database.Connection", "Opened connection to database '{database}' on server '{server}'.", append([]field{{"@l", "Debug"}}, append(on, dbEvent(20001, "Connection.ConnectionOpened"))...)...)
		if q.save {
			emit(dtr, "Microsoft.EntityFrameworkCore.Database.Transaction", "Beginning transaction with isolation level '{isolationLevel}'.", field{"@l", "Debug"}, field{"isolationLevel", "ReadCommitted"}, dbEvent(20209, "Transaction.TransactionStarting"))
			step(0.4)
			emit(dtr, "Microsoft.EntityFrameworkCore.Database.Transaction", "Began transaction with isolation level '{isolationLevel}'.", field{"@l", "Debug"}, field{"isolationLevel", "ReadCommitted"}, dbEvent(20200, "Transaction.TransactionStarted"))
		}
		emit(dtr, dotnetCommand, "Executing DbCommand [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
			field{"@l", "Debug"}, field{"parameters", q.params}, field{"commandType", "Text"}, field{"commandTimeout", 30}, field{"newLine", "\n"}, field{"commandText", q.sql}, dbEvent(20100, "Command.CommandExecuting"))
	}
	*ms += e
	if e >= 200 {
		emit(tr, dotnetSlowQuery, "Slow query {ElapsedMs} ms: {CommandText}", field{"@l", "Warning"}, field{"ElapsedMs", int(e)}, field{"CommandText", q.sql})
	}
	if !debug {
		return
	}
	emit(dtr, dotnetCommand, "Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
		field{"elapsed", dotnetN0(e)}, field{"parameters", q.params}, field{"commandType", "Text"}, field{"commandTimeout", 30}, field{"newLine", "\n"}, field{"commandText", q.sql}, dbEvent(20101, "Command.CommandExecuted"))
	read := g.lognormal(0.4+0.02*float64(rows), 0.4)
	*ms += read
	emit(dtr, dotnetCommand, "Closing data reader to '{database}' on server '{server}'.", append([]field{{"@l", "Debug"}}, append(on, dbEvent(20301, "Command.DataReaderClosing"))...)...)
	emit(dtr, dotnetCommand, "A data reader for '{database}' on server '{server}' is being disposed after spending {readerDuration}ms reading results.",
		append([]field{{"@l", "Debug"}}, append(on, field{"readerDuration", int(read)}, dbEvent(20300, "Command.DataReaderDisposing"))...)...)
	if q.save {
		emit(dtr, "Microsoft.EntityFrameworkCore.Database.Transaction", "Committing transaction.", field{"@l", "Debug"}, dbEvent(20210, "Transaction.TransactionCommitting"))
		step(0.9)
		emit(dtr, "Microsoft.EntityFrameworkCore.Database.Transaction", "Committed transaction.", field{"@l", "Debug"}, dbEvent(20202, "Transaction.TransactionCommitted"))
	}
	emit(dtr, "Microsoft.EntityFrameworkCore.Database.Connection", "Closing connection to database '{database}' on server '{server}'.", append([]field{{"@l", "Debug"}}, append(on, dbEvent(20002, "Connection.ConnectionClosing"))...)...)
	c := g.lognormal(0.12, 0.3)
	*ms += c
	emit(dtr, "Microsoft.EntityFrameworkCore.Database.Connection", "Closed connection to database '{database}' on server '{server}' ({elapsed}ms).",
		append([]field{{"@l", "Debug"}}, append(on, field{"elapsed", dotnetN0(c)}, dbEvent(20003, "Connection.ConnectionClosed"))...)...)
	if q.save {
		emit(dtr, "Microsoft.EntityFrameworkCore.Update", "SaveChanges completed for '{contextType}' with {savedCount} entities written to the database.",
			field{"@l", "Debug"}, field{"contextType", "FulfilmentDbContext"}, field{"savedCount", rows}, dotnetEventID(10005, "Microsoft.EntityFrameworkCore.Update.SaveChangesCompleted"))
	}
}

// dotnetN0 formats milliseconds as EF Core does ({0:N0}).
func dotnetN0(x float64) string {
	n := int(math.Round(x))
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// allocate is POST /api/orders/{id}/allocate: the order's stock rows read with update
// locks, reserved, the order and an outbox message saved, under a retry policy for
// deadlocks (three attempts).
func (d *dotnetLog) allocate(emit, emitOutside func(truth, string, string, ...field), ms *float64, tr *truth, dtr truth, debug bool, id int, deadlocks, batch bool, p *dotnetPod, t time.Time) int {
	g := d.g
	svc := "Fulfilment.Api.Allocation.AllocationService"
	refuse := 0.03
	if batch {
		refuse = 0.065
	}
	if g.chance(refuse) {
		reason := pick(g, dotnetReasons)
		if batch || g.chance(0.4) {
			reason = "insufficient stock for SKU " + d.sku()
		}
		d.command(emit, ms, *tr, dtr, debug, dotnetQOrder, 0, 2)
		emit(*tr, svc, "Order {OrderId} cannot be allocated: {Reason}", field{"@l", "Warning"}, field{"OrderId", id}, field{"Reason", reason})
		if batch {
			d.batchRefused++
		}
		return 400
	}
	if deadlocks && tr.incident == "" {
		*tr = incident(dotnetDeadlock)
	}
	share := d.deadlockShare(t)
	for attempt := 1; ; attempt++ {
		wait := 0.0
		if share > 0 {
			wait = g.lognormal(260, 0.8) * (0.5 + share*2) // lock waits behind the other allocations
		}
		d.command(emit, ms, *tr, dtr, debug, dotnetQRead, wait, g.between(1, 4))
		*ms += g.lognormal(1.5, 0.4)
		if !g.chance(share) {
			d.command(emit, ms, *tr, dtr, debug, dotnetQAlloc, wait*0.3, 3)
			break
		}
		e := g.lognormal(900, 0.6) // until SQL Server's lock monitor picks the victim
		*ms += e
		sqlx := dotnetDeadlockSQL(g.between(52, 188), g.uuid())
		emit(*tr, dotnetCommand, "Failed executing DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
			field{"@l", "Error"}, field{"@x", sqlx}, field{"elapsed", dotnetN0(e)}, field{"parameters", dotnetParamsAlloc}, field{"commandType", "Text"}, field{"commandTimeout", 30}, field{"newLine", "\n"}, field{"commandText", dotnetSQLAllocSave},
			dotnetEventID(20102, "Microsoft.EntityFrameworkCore.Database.Command.CommandError"))
		upd := dotnetDbUpdate(sqlx)
		*ms += g.lognormal(0.8, 0.3)
		emit(*tr, "Microsoft.EntityFrameworkCore.Update", "An exception occurred in the database while saving changes for context type '{contextType}'.{newline}{error}",
			field{"@l", "Error"}, field{"@x", upd}, field{"contextType", dotnetContext}, field{"newline", "\n"}, field{"error", upd},
			dotnetEventID(10000, "Microsoft.EntityFrameworkCore.Update.SaveChangesFailed"))
		if attempt == 3 {
			*ms += g.lognormal(1.2, 0.3)
			emitOutside(*tr, dotnetHandler, "An unhandled exception has occurred while executing the request.", field{"@l", "Error"},
				field{"@x", upd + "\n   at Polly.Retry.AsyncRetryEngine.ImplementationAsync[TResult](Func`3 action, Context context, CancellationToken cancellationToken, ExceptionPredicates shouldRetryExceptionPredicates, ResultPredicates`1 shouldRetryResultPredicates, Func`5 onRetryAsync, Int32 permittedRetryCount, IEnumerable`1 sleepDurationsEnumerable, Func`4 sleepDurationProvider, Boolean continueOnCapturedContext)" +
					"\n   at Polly.AsyncPolicy.ExecuteAsync(Func`3 action, Context context, CancellationToken cancellationToken, Boolean continueOnCapturedContext)" +
					"\n   at Fulfilment.Api.Allocation.AllocationService.AllocateAsync(Int64 orderId, CancellationToken ct) in /src/Fulfilment.Api/Allocation/AllocationService.cs:line 58" +
					"\n   at Fulfilment.Api.Controllers.OrdersController.Allocate(Int64 id, CancellationToken ct) in /src/Fulfilment.Api/Controllers/OrdersController.cs:line 63" + dotnetMvcFrames},
				dotnetEventID(1, "UnhandledException"))
			return 500
		}
		delay := 100*(1<<attempt) + g.between(0, 99)
		emit(*tr, dotnetRetries, "Retrying {PolicyKey} after {Delay}ms due to {ExceptionType} (attempt {RetryAttempt} of {RetryCount})",
			field{"@l", "Warning"}, field{"PolicyKey", "allocation-tx"}, field{"Delay", delay}, field{"ExceptionType", "Microsoft.EntityFrameworkCore.DbUpdateException"}, field{"RetryAttempt", attempt}, field{"RetryCount", 2}, field{"OrderId", id})
		*ms += float64(delay)
	}
	*ms += g.lognormal(1, 0.3)
	lines := pick(g, []int{1, 1, 1, 2, 2, 3, 4})
	wh := pick(g, dotnetWarehouses)
	emit(*tr, "Fulfilment.Api.Allocation.AllocationService", "Order {OrderId} allocated to {WarehouseCode}: {LineCount} lines, {Units} units",
		field{"OrderId", id}, field{"WarehouseCode", wh}, field{"LineCount", lines}, field{"Units", lines + g.intn(lines+1)})
	at := t.Add(dotnetMs(*ms))
	d.msgs = append(d.msgs, dotnetMsg{at: at, tr: *tr, batch: batch})
	if batch {
		d.batchOK = append(d.batchOK, at)
	}
	return 200
}

func dotnetDeadlockSQL(spid int, conn string) string {
	return fmt.Sprintf("Microsoft.Data.SqlClient.SqlException (0x80131904): Transaction (Process ID %d) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.", spid) +
		"\n   at Microsoft.Data.SqlClient.SqlCommand.<>c.<ExecuteDbDataReaderAsync>b__211_0(Task`1 result)" +
		"\n   at System.Threading.Tasks.ContinuationResultTaskFromResultTask`2.InnerInvoke()" +
		"\n   at System.Threading.ExecutionContext.RunInternal(ExecutionContext executionContext, ContextCallback callback, Object state)" +
		"\n--- End of stack trace from previous location ---" +
		"\n   at System.Threading.Tasks.Task.ExecuteWithThreadLocal(Task& currentTaskSlot, Thread threadPoolThread)" +
		"\n--- End of stack trace from previous location ---" +
		"\n   at Microsoft.EntityFrameworkCore.Storage.RelationalCommand.ExecuteReaderAsync(RelationalCommandParameterObject parameterObject, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.Storage.RelationalCommand.ExecuteReaderAsync(RelationalCommandParameterObject parameterObject, CancellationToken cancellationToken)" +
		"\n   at Microsoft.EntityFrameworkCore.Update.ReaderModificationCommandBatch.ExecuteAsync(IRelationalConnection connection, CancellationToken cancellationToken)" +
		"\nClientConnectionId:" + conn +
		"\nError Number:1205,State:51,Class:13"
}

func dotnetDbUpdate(inner string) string {
	return "Microsoft.EntityFrameworkCore.DbUpdateException: An error occurred while saving the entity changes. See the inner exception for details." +
		"\n ---> " + inner +
		"\n   --- End of inner exception stack trace ---" + dotnetSaveFrames +
		"\n   at Fulfilment.Api.Allocation.AllocationService.<>c__DisplayClass9_0.<<AllocateAsync>b__0>d.MoveNext() in /src/Fulfilment.Api/Allocation/AllocationService.cs:line 112" +
		"\n--- End of stack trace from previous location ---" +
		"\n   at Polly.AsyncPolicy.<>c__DisplayClass40_0.<<ImplementationAsync>b__0>d.MoveNext()"
}

// carrierFor picks the carrier of a shipment booked on pod p at t.
func (d *dotnetLog) carrierFor(p *dotnetPod, t time.Time) dotnetCarrier {
	u := d.g.rng.Float64()
	if at, ok := d.reloaded[p]; ok && !t.Before(at) {
		switch {
		case u < 0.25:
			return dotnetGLS
		case u < 0.7:
			return dotnetDHL
		}
		return dotnetDPD
	}
	if u < 0.6 {
		return dotnetDHL
	}
	return dotnetDPD
}

// shipment is POST /api/shipments: the order read, the carrier's API called through its
// typed HttpClient (a retry policy for transient failures: 5xx, 408, 429 and
// HttpRequestException, two retries), the shipment, the order and an outbox message saved.
func (d *dotnetLog) shipment(emit, emitOutside func(truth, string, string, ...field), ms *float64, tr *truth, dtr truth, debug bool, id int, p *dotnetPod, t time.Time) int {
	g := d.g
	c := d.carrierFor(p, t)
	if c == dotnetGLS && tr.incident == "" && t.Before(d.reload.start.Add(30*time.Minute)) {
		*tr = later(*tr, d.reload.truth())
		dtr = *tr
		if d.debugOn(p, t) {
			dtr = later(*tr, d.debug.truth())
		}
	}
	cert := c == dotnetDHL && within(t, d.certAt, 6*time.Minute)
	if cert && tr.incident == "" {
		*tr = incident(dotnetCert)
		dtr = *tr
	}
	d.command(emit, ms, *tr, dtr, debug, dotnetQOrder, 0, g.between(1, 4))
	*ms += g.lognormal(2, 0.4)
	logical := "System.Net.Http.HttpClient." + c.client + ".LogicalHandler"
	client := "System.Net.Http.HttpClient." + c.client + ".ClientHandler"
	scope := field{"Scope", []string{"HTTP POST " + c.uri}}
	method, uri := field{"HttpMethod", "POST"}, field{"Uri", c.uri}
	emit(*tr, logical, "Start processing HTTP request {HttpMethod} {Uri}", method, uri, dotnetEventID(100, "RequestPipelineStart"), scope)
	began := *ms
	status := 0
	for attempt := 1; attempt <= 3; attempt++ {
		*ms += g.lognormal(0.3, 0.3)
		emit(*tr, client, "Sending HTTP request {HttpMethod} {Uri}", method, uri, dotnetEventID(100, "RequestStart"), scope)
		sent := *ms
		outcome := ""
		switch {
		case cert:
			*ms += g.lognormal(38, 0.3)
			emit(*tr, client, "HTTP request failed after {ElapsedMilliseconds}ms", field{"@x", dotnetSSL}, field{"ElapsedMilliseconds", round(*ms-sent, 4)},
				dotnetEventID(104, "RequestFailed"), field{"~HttpMethod", "POST"}, field{"~Uri", c.uri}, scope)
			outcome = "System.Net.Http.HttpRequestException"
		case attempt == 1 && g.chance(0.008):
			*ms += g.lognormal(70, 0.3)
			emit(*tr, client, "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}", field{"ElapsedMilliseconds", round(*ms-sent, 4)}, field{"StatusCode", 429},
				dotnetEventID(101, "RequestEnd"), field{"~HttpMethod", "POST"}, field{"~Uri", c.uri}, scope)
			outcome = "429"
		default:
			*ms += g.lognormal(c.median, 0.35)
			status = 201
			if c == dotnetDHL {
				status = 200
			}
			emit(*tr, client, "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}", field{"ElapsedMilliseconds", round(*ms-sent, 4)}, field{"StatusCode", status},
				dotnetEventID(101, "RequestEnd"), field{"~HttpMethod", "POST"}, field{"~Uri", c.uri}, scope)
		}
		if outcome == "" || attempt == 3 {
			break
		}
		delay := 200*(1<<(attempt-1)) + g.between(0, 199)
		if outcome == "429" {
			emit(*tr, dotnetRetries, "Retrying {PolicyKey} after {Delay}ms due to status {StatusCode} (attempt {RetryAttempt} of {RetryCount})",
				field{"@l", "Warning"}, field{"PolicyKey", "carrier-" + strings.ToLower(c.name)}, field{"Delay", delay}, field{"StatusCode", 429}, field{"RetryAttempt", attempt}, field{"RetryCount", 2}, field{"CarrierName", c.name})
		} else {
			emit(*tr, dotnetRetries, "Retrying {PolicyKey} after {Delay}ms due to {ExceptionType} (attempt {RetryAttempt} of {RetryCount})",
				field{"@l", "Warning"}, field{"PolicyKey", "carrier-" + strings.ToLower(c.name)}, field{"Delay", delay}, field{"ExceptionType", outcome}, field{"RetryAttempt", attempt}, field{"RetryCount", 2}, field{"CarrierName", c.name})
		}
		*ms += float64(delay)
	}
	*ms += g.lognormal(0.2, 0.3)
	if status == 0 {
		emit(*tr, logical, "HTTP request failed after {ElapsedMilliseconds}ms", field{"@x", dotnetSSLPipeline}, field{"ElapsedMilliseconds", round(*ms-began, 4)},
			dotnetEventID(104, "RequestPipelineFailed"), field{"~HttpMethod", "POST"}, field{"~Uri", c.uri}, scope)
		*ms += g.lognormal(0.6, 0.3)
		emit(*tr, "Fulfilment.Api.Controllers.ShipmentsController", "Carrier {CarrierName} failed to book shipment for order {OrderId}", field{"@l", "Error"}, field{"@x", dotnetSSLController},
			field{"CarrierName", c.name}, field{"OrderId", id})
		return 502
	}
	emit(*tr, logical, "End processing HTTP request after {ElapsedMilliseconds}ms - {StatusCode}", field{"ElapsedMilliseconds", round(*ms-began, 4)}, field{"StatusCode", status},
		dotnetEventID(101, "RequestPipelineEnd"), field{"~HttpMethod", "POST"}, field{"~Uri", c.uri}, scope)
	save := t.Add(dotnetMs(*ms))
	wait := 0.0
	if !save.Before(d.indexFrom) && save.Before(d.indexTo) { // the migration's offline index build holds the table
		wait = float64(d.indexTo.Sub(save)) / float64(time.Millisecond)
		if tr.incident == "" {
			*tr = later(*tr, d.migrate.truth())
			dtr = *tr
		}
	}
	d.command(emit, ms, *tr, dtr, debug, dotnetQShip, wait, 3)
	if g.chance(0.0022) {
		*ms += g.lognormal(1.5, 0.3)
		emitOutside(*tr, dotnetHandler, "An unhandled exception has occurred while executing the request.", field{"@l", "Error"}, field{"@x", dotnetConcurrency}, dotnetEventID(1, "UnhandledException"))
		return 500
	}
	d.shipSeq++
	ship := fmt.Sprintf("%d", d.shipSeq)
	wh := pick(g, dotnetWarehouses)
	*ms += g.lognormal(0.8, 0.3)
	emit(*tr, "Fulfilment.Api.Shipments.ShipmentService", "Shipment {ShipmentId} for order {OrderId} booked with {CarrierName}, tracking {TrackingNumber}",
		field{"ShipmentId", d.shipSeq}, field{"OrderId", id}, field{"CarrierName", c.name}, field{"TrackingNumber", d.tracking(c)}, field{"WarehouseCode", wh})
	d.msgs = append(d.msgs, dotnetMsg{at: t.Add(dotnetMs(*ms)), shipment: ship, warehouse: wh, tr: *tr})
	return 201
}

func (d *dotnetLog) tracking(c dotnetCarrier) string {
	g := d.g
	switch c.name {
	case "DHL":
		return fmt.Sprintf("00340434%06d%06d", g.intn(1000000), g.intn(1000000))
	case "DPD":
		return fmt.Sprintf("0190%05d%05d", g.intn(100000), g.intn(100000))
	}
	return fmt.Sprintf("ZK%s", strings.ToUpper(g.alnum(8)))
}

// probes schedules the kubelet's probes of a process, every 10 s each, on the phases its
// start gave them.
func (d *dotnetLog) probes(p *dotnetPod, l *dotnetLife) {
	g := d.g
	for _, path := range []string{"/health/live", "/health/ready"} {
		first := l.listen.Add(d.msr(500, 9999))
		if first.Before(d.start) {
			first = first.Add((d.start.Sub(first)/(10*time.Second) + 1) * 10 * time.Second)
		}
		g.every(first, minTimeDotnet(l.stop, d.end), 10*time.Second, 2*time.Millisecond, func(t time.Time) {
			d.schedule(t, func() { d.probe(p, l, t, path) })
		})
	}
}

func minTimeDotnet(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// probe is a kubelet probe, on a connection of its own: /health/live runs no check,
// /health/ready the sqlserver, rabbitmq and threadpool checks (Healthy is logged at
// Debug, so only the others show).
func (d *dotnetLog) probe(p *dotnetPod, l *dotnetLife, t time.Time, path string) {
	g := d.g
	tr := d.podTruth(p, t)
	sc := d.scope(l, path, "", true)
	wait := d.starved(p, t)
	ms := wait + g.lognormal(0.5, 0.4)
	status := 200
	var out []dotnetEntry
	if path == "/health/ready" {
		ms += g.lognormal(2.4, 0.35)
		if wait > 0 {
			x := d.progress(t)
			if x > 0.03 {
				q := int(40 + 2600*x*g.lognormal(1, 0.2))
				out = append(out, dotnetEntry{tr, t.Add(dotnetMs(ms)), sc, dotnetHealth, "Health check {HealthCheckName} with status {HealthStatus} completed after {ElapsedMilliseconds}ms with message '{HealthCheckDescription}'",
					[]field{{"@l", "Warning"}, {"HealthCheckName", "threadpool"}, {"HealthStatus", "Degraded"}, {"ElapsedMilliseconds", round(g.lognormal(wait*0.3, 0.4), 4)},
						{"HealthCheckDescription", fmt.Sprintf("Thread pool queue length %d with %d threads", q, d.thread(p, t)+g.between(0, 9))}, dotnetEventID(103, "HealthCheckEnd")}})
			}
			if wait > 1500 {
				status = 503
				e := 3000 + g.lognormal(30, 0.6)
				ms += e * 0.4
				out = append(out, dotnetEntry{tr, t.Add(dotnetMs(ms)), sc, dotnetHealth, "Health check {HealthCheckName} with status {HealthStatus} completed after {ElapsedMilliseconds}ms with message '{HealthCheckDescription}'",
					[]field{{"@l", "Error"}, {"@x", dotnetProbeCanceled}, {"HealthCheckName", "sqlserver"}, {"HealthStatus", "Unhealthy"}, {"ElapsedMilliseconds", round(e, 4)},
						{"HealthCheckDescription", nil}, dotnetEventID(103, "HealthCheckEnd")}})
			}
		}
	}
	fields := []field{{"@r", []string{dotnetElapsed(ms)}}}
	if status >= 500 {
		fields = append(fields, field{"@l", "Error"})
	}
	fields = append(fields, field{"RequestMethod", "GET"}, field{"RequestPath", path}, field{"StatusCode", status}, field{"Elapsed", round(ms, 6)})
	out = append(out, dotnetEntry{tr, t.Add(dotnetMs(ms)), sc, dotnetRequests, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", fields})
	for _, e := range out {
		if e.at.Before(l.down) {
			d.log(e.tr, p, e.at, e.sc, e.source, e.mt, e.fields...)
		}
	}
}

// heartbeats are Kestrel's warnings on the starved pod: its heartbeat, due every second,
// running longer and longer.
func (d *dotnetLog) heartbeats() {
	g := d.g
	p := d.bad
	l := p.lives[0]
	tr := incident(dotnetStarvation)
	t := d.starveAt.Add(d.msr(15000, 30000))
	for t.Before(l.down) {
		x := d.progress(t)
		dur := math.Max(1.003, g.lognormal(1.15+1.6*x, 0.3))
		at := t.Add(dotnetMs(dur * 1000))
		if !at.Before(l.down) {
			break
		}
		d.log(tr, p, at, nil, "Microsoft.AspNetCore.Server.Kestrel", `As of "{now}", the heartbeat has been running for "{heartbeatDuration}" which is longer than "{interval}". This could be caused by thread pool starvation.`,
			field{"@l", "Warning"}, field{"now", at.UTC().Format("2006-01-02T15:04:05.0000000") + "+00:00"}, field{"heartbeatDuration", dotnetSpan(dotnetMs(dur * 1000))}, field{"interval", "00:00:01"},
			dotnetEventID(22, "HeartbeatSlow"), field{"~ThreadId", 9})
		t = at.Add(dotnetMs(g.lognormal(250+400*x, 0.5)))
	}
}

// leaderAt is the pod holding the outbox dispatcher's lease at t.
func (d *dotnetLog) leaderAt(t time.Time) *dotnetPod {
	if t.Before(d.old[0].lives[0].stop) {
		return d.old[0]
	}
	if t.Before(d.leaseFrom) {
		return nil
	}
	return d.leader
}

// dispatch is the outbox dispatcher on the lease holder: every 2 s it publishes up to 100
// messages in order, at once again while batches come back full; a poison message at the
// head blocks it from poisonAt, retried every 30 s until its 40th attempt dead-letters it.
// The backlog is logged every minute.
func (d *dotnetLog) dispatch() {
	g := d.g
	k := 0
	poll := d.start.Add(d.msr(0, 1999))
	tick := d.start.Add(d.msr(20000, 59999))
	attempt := 0
	poisoned := false
	var recovered, caughtUp time.Time // the poison message dead-lettered, the backlog published
	pending := func(t time.Time) int {
		n := sort.Search(len(d.msgs), func(i int) bool { return d.msgs[i].at.After(t) })
		return max(0, n-k)
	}
	for poll.Before(d.end) || tick.Before(d.end) {
		if tick.Before(poll) {
			if p := d.leaderAt(tick); p != nil {
				n := pending(tick)
				tr := routine
				if poisoned || !recovered.IsZero() && (caughtUp.IsZero() || tick.Before(caughtUp.Add(time.Minute))) {
					tr = incident(dotnetPoison)
				}
				if poisoned {
					n++ // the poison message itself
				}
				d.log(tr, p, tick, nil, dotnetOutbox, "Outbox backlog {Pending} messages", field{"Pending", n})
			}
			tick = tick.Add(time.Minute + d.msr(0, 30))
			continue
		}
		p := d.leaderAt(poll)
		if p == nil {
			poll = poll.Add(2 * time.Second)
			continue
		}
		if attempt == 0 && !poll.Before(d.poisonAt) {
			poisoned = true
		}
		if poisoned {
			attempt++
			at := poll.Add(dotnetMs(g.lognormal(6, 0.4)))
			d.log(incident(dotnetPoison), p, at, nil, dotnetOutbox, "Failed to publish outbox message {MessageId} (attempt {Attempt})", field{"@l", "Error"}, field{"@x", dotnetPoisonError},
				field{"MessageId", d.poisonID}, field{"Attempt", attempt})
			if attempt < 40 {
				poll = poll.Add(30 * time.Second)
				continue
			}
			at = at.Add(dotnetMs(g.lognormal(9, 0.3)))
			d.log(incident(dotnetPoison), p, at, nil, dotnetOutbox, "Outbox message {MessageId} moved to dead letter after {Attempt} attempts", field{"@l", "Warning"}, field{"MessageId", d.poisonID}, field{"Attempt", attempt})
			poisoned, recovered = false, at
			poll = at.Add(d.msr(20, 80))
		}
		n := min(100, pending(poll))
		if n == 0 {
			poll = poll.Add(2 * time.Second)
			continue
		}
		e := g.lognormal(6+2.1*float64(n), 0.25)
		at := poll.Add(dotnetMs(e))
		tr := routine
		for _, m := range d.msgs[k : k+n] {
			if m.batch {
				tr = d.batch.truth()
			}
		}
		catchup := !recovered.IsZero() && caughtUp.IsZero()
		if catchup {
			tr = incident(dotnetPoison)
			if n < 100 {
				caughtUp = at
			}
		}
		d.log(tr, p, at, nil, dotnetOutbox, "Published {Count} outbox messages in {ElapsedMs} ms", field{"Count", n}, field{"ElapsedMs", int(e)})
		for _, m := range d.msgs[k : k+n] {
			if m.shipment != "" {
				d.label(m, at, catchup)
			}
		}
		k += n
		if n == 100 {
			poll = at.Add(d.msr(5, 40))
		} else {
			poll = poll.Add(2 * time.Second)
		}
	}
}

// label is the label consumer printing a shipment's label once its message is published,
// on its warehouse's printers; the labels held back by the poison message print in a burst.
func (d *dotnetLog) label(m dotnetMsg, published time.Time, catchup bool) {
	g := d.g
	recv := published.Add(dotnetMs(g.lognormal(35, 0.5)))
	p := d.livePod(recv)
	if p == nil {
		return
	}
	tr := d.podTruth(p, recv)
	if catchup && tr.incident == "" {
		tr = incident(dotnetPoison)
	}
	wait := d.starved(p, recv)
	printer := fmt.Sprintf("%s-ZT411-%02d", m.warehouse, g.between(1, 4))
	begin := recv.Add(dotnetMs(wait))
	if free := d.printerFree[printer]; begin.Before(free) {
		begin = free
	}
	done := begin.Add(dotnetMs(g.lognormal(420, 0.3)))
	d.printerFree[printer] = done
	if l := p.life(done); l == nil || !done.Before(l.down) {
		return
	}
	d.labelSeq++
	d.log(tr, p, done, nil, dotnetLabels, "Printed label {LabelId} for shipment {ShipmentId} on {PrinterName} in {ElapsedMs} ms",
		field{"LabelId", d.labelSeq}, field{"ShipmentId", m.shipment}, field{"PrinterName", printer}, field{"ElapsedMs", int(done.Sub(recv) / time.Millisecond)})
}

// printerWarning is a printer not acknowledging a label now and then: requeued, printed
// on the next try.
func (d *dotnetLog) printerWarning(t time.Time) {
	p := d.livePod(t)
	if p == nil || p.life(t) == nil {
		return
	}
	g := d.g
	tr := d.podTruth(p, t)
	d.log(tr, p, t, nil, dotnetLabels, "Printer {PrinterName} did not acknowledge label {LabelId} within {Timeout}, requeueing",
		field{"@l", "Warning"}, field{"PrinterName", fmt.Sprintf("%s-ZT411-%02d", pick(g, dotnetWarehouses), g.between(1, 4))}, field{"LabelId", d.labelSeq + g.between(1, 20)}, field{"Timeout", "00:00:05"})
}

// batchStart is the wave planner starting the batch allocation on one pod.
func (d *dotnetLog) batchStart() {
	g := d.g
	t := d.batch.start
	p := d.servingPod(t)
	if p == nil {
		return
	}
	d.batchPod = p
	tr := d.batch.truth()
	l := p.life(t)
	sc := d.scope(l, "/api/allocation-batches", "Fulfilment.Api.Controllers.AllocationBatchesController.Start (Fulfilment.Api)", false)
	ms := g.lognormal(18, 0.3)
	d.log(tr, p, t.Add(dotnetMs(ms)), sc, "Fulfilment.Api.Allocation.BatchAllocationService", "Batch allocation {BatchId} started for wave {WaveId}: {Total} orders",
		field{"BatchId", d.batchID}, field{"WaveId", d.waveID}, field{"Total", d.batchTotal})
	ms += g.lognormal(1, 0.3)
	d.log(tr, p, t.Add(dotnetMs(ms)), dotnetOutside(sc), dotnetRequests, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
		field{"@r", []string{dotnetElapsed(ms)}}, field{"RequestMethod", "POST"}, field{"RequestPath", "/api/allocation-batches"}, field{"StatusCode", 202}, field{"Elapsed", round(ms, 6)})
}

// batchProgress is the batch monitor on the pod that started the batch: its progress every
// minute, then its completion.
func (d *dotnetLog) batchProgress(end time.Time) {
	p := d.batchPod
	if p == nil {
		return
	}
	g := d.g
	tr := d.batch.truth()
	src := "Fulfilment.Api.Allocation.BatchAllocationMonitor"
	done := 0
	g.every(d.batch.start.Add(time.Minute), end.Add(30*time.Second), time.Minute, 50*time.Millisecond, func(t time.Time) {
		done = sort.Search(len(d.batchOK), func(i int) bool { return d.batchOK[i].After(t) })
		d.log(tr, p, t, nil, src, "Batch allocation {BatchId} allocated {Count} of {Total} orders", field{"BatchId", d.batchID}, field{"Count", done}, field{"Total", d.batchTotal})
	})
	at := end.Add(d.msr(1000, 20000))
	d.log(tr, p, at, nil, src, "Batch allocation {BatchId} completed in {Duration}: {Count} of {Total} orders allocated, {Refused} refused, {Remaining} left for the next wave",
		field{"BatchId", d.batchID}, field{"Duration", dotnetSpan(at.Sub(d.batch.start))}, field{"Count", len(d.batchOK)}, field{"Total", d.batchTotal}, field{"Refused", d.batchRefused},
		field{"Remaining", max(0, d.batchTotal-len(d.batchOK)-d.batchRefused)})
}

// migration is the Kubernetes Job of Fulfilment.Migrator applying the pending migrations,
// its DDL commands logged at Information by its own configuration.
func (d *dotnetLog) migration() {
	g := d.g
	tr := d.migrate.truth()
	p := &dotnetPod{name: "fulfilment-db-migrate-3-16-0-" + g.alnum(5), app: "Fulfilment.Migrator", version: "3.16.0"}
	l := &dotnetLife{up: d.migrate.start, stop: d.end.Add(time.Hour), down: d.end.Add(time.Hour), threads: 8}
	p.lives = append(p.lives, l)
	main := field{"~ThreadId", 1}
	at := d.migrate.start.Add(d.msr(400, 700))
	prog := "Fulfilment.Migrator.Program"
	d.log(tr, p, at, nil, prog, "Migrating database {Database} on {DataSource}", field{"Database", dotnetDB}, field{"DataSource", dotnetDBServer}, main)
	migrations := []string{"20240614093512_AddCarrierServiceLevel", "20240617140228_AddShipmentCarrierIndex"}
	at = at.Add(d.msr(900, 1600))
	d.log(tr, p, at, nil, prog, "{Count} pending migrations: {Migrations}", field{"Count", 2}, field{"Migrations", strings.Join(migrations, ", ")}, main)
	type ddl struct {
		sql string
		ms  float64
	}
	steps := [][]ddl{
		{
			{"ALTER TABLE [Shipments] ADD [ServiceLevel] nvarchar(32) NULL;", g.lognormal(14, 0.3)},
			{"ALTER TABLE [Carriers] ADD [DefaultServiceLevel] nvarchar(32) NOT NULL DEFAULT N'standard';", g.lognormal(22, 0.3)},
			{"INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])\nVALUES (N'" + migrations[0] + "', N'8.0.6');", g.lognormal(3, 0.3)},
		},
		{
			{"CREATE INDEX [IX_Shipments_CarrierName_CreatedAt] ON [Shipments] ([CarrierName], [CreatedAt]);", float64(d.indexTo.Sub(d.indexFrom)) / float64(time.Millisecond)},
			{"INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])\nVALUES (N'" + migrations[1] + "', N'8.0.6');", g.lognormal(3, 0.3)},
		},
	}
	for i, m := range migrations {
		at = at.Add(d.msr(30, 120))
		if i == 1 {
			at = d.indexFrom.Add(-d.msr(5, 20))
		}
		d.log(tr, p, at, nil, "Microsoft.EntityFrameworkCore.Migrations", "Applying migration '{migration}'.", field{"migration", m}, dotnetEventID(20402, "Microsoft.EntityFrameworkCore.Migrations.MigrationApplying"), main)
		for _, s := range steps[i] {
			at = at.Add(dotnetMs(s.ms + g.lognormal(1, 0.3)))
			d.log(tr, p, at, nil, dotnetCommand, "Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}",
				field{"elapsed", dotnetN0(s.ms)}, field{"parameters", ""}, field{"commandType", "Text"}, field{"commandTimeout", 600}, field{"newLine", "\n"}, field{"commandText", s.sql},
				dotnetEventID(20101, "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted"), main)
		}
	}
	at = at.Add(d.msr(10, 60))
	d.log(tr, p, at, nil, prog, "Done.", main)
}

// reloadLines are each pod's carrier registry seeing the ConfigMap change, once the
// kubelet has synced it (often twice: the file watcher fires for the ..data symlink too).
func (d *dotnetLog) reloadLines() {
	g := d.g
	tr := d.reload.truth()
	for _, p := range d.pods {
		at, ok := d.reloaded[p]
		if !ok {
			continue
		}
		src := "Fulfilment.Api.Carriers.CarrierRegistry"
		n := 1
		if g.chance(0.5) {
			n = 2
		}
		for i := 0; i < n; i++ {
			d.log(tr, p, at, nil, src, "Configuration reloaded from {ConfigurationSource}, enabled carriers: {EnabledCarriers}",
				field{"ConfigurationSource", "/app/config/carriers.json"}, field{"EnabledCarriers", "DHL, DPD, GLS"})
			at = at.Add(d.msr(1, 4))
		}
		d.log(tr, p, at, nil, src, "Carrier {CarrierName} enabled at {BaseAddress} with timeout {Timeout}",
			field{"CarrierName", "GLS"}, field{"BaseAddress", "https://api.gls-group.net/shipit-farm/v1/"}, field{"Timeout", "00:00:10"})
	}
}

// logLevel is an operator raising EF Core's level to Debug on one pod through its admin
// endpoint, which switches the pod's LoggingLevelSwitch for Microsoft.EntityFrameworkCore.
func (d *dotnetLog) logLevel() {
	g := d.g
	p, t := d.debugPod, d.debug.start
	l := p.life(t)
	if l == nil {
		return
	}
	tr := d.debug.truth()
	path := "/admin/logging/levels/Microsoft.EntityFrameworkCore"
	sc := d.scope(l, path, "Fulfilment.Api.Admin.LogLevelsController.Set (Fulfilment.Api)", false)
	ms := g.lognormal(1.5, 0.3)
	d.log(tr, p, t.Add(dotnetMs(ms)), sc, "Fulfilment.Api.Admin.LogLevelsController", "Minimum level of {LoggerPrefix} changed from {PreviousLevel} to {Level} by {User}",
		field{"LoggerPrefix", "Microsoft.EntityFrameworkCore"}, field{"PreviousLevel", "Warning"}, field{"Level", "Debug"}, field{"User", "j.lindqvist@fulfilment.example"})
	ms += g.lognormal(0.5, 0.3)
	d.log(tr, p, t.Add(dotnetMs(ms)), dotnetOutside(sc), dotnetRequests, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
		field{"@r", []string{dotnetElapsed(ms)}}, field{"RequestMethod", "PUT"}, field{"RequestPath", path}, field{"StatusCode", 204}, field{"Elapsed", round(ms, 6)})
}
