// Every Istio and Gateway API `group/Kind` meshlint names (version-agnostic), plus the
// mesh-configuration kinds of installers and vendors (IstioOperator, Alibaba ASM).

export const SIDECAR = 'networking.istio.io/Sidecar';
export const VIRTUAL_SERVICE = 'networking.istio.io/VirtualService';
export const DESTINATION_RULE = 'networking.istio.io/DestinationRule';
/** Istio's Gateway; the Gateway API's is {@link GATEWAY_API_GATEWAY}. */
export const ISTIO_GATEWAY = 'networking.istio.io/Gateway';
export const SERVICE_ENTRY = 'networking.istio.io/ServiceEntry';
export const WORKLOAD_ENTRY = 'networking.istio.io/WorkloadEntry';
export const WORKLOAD_GROUP = 'networking.istio.io/WorkloadGroup';
export const ENVOY_FILTER = 'networking.istio.io/EnvoyFilter';
export const PROXY_CONFIG = 'networking.istio.io/ProxyConfig';
export const AUTHORIZATION_POLICY = 'security.istio.io/AuthorizationPolicy';
export const PEER_AUTHENTICATION = 'security.istio.io/PeerAuthentication';
export const REQUEST_AUTHENTICATION = 'security.istio.io/RequestAuthentication';
export const TELEMETRY = 'telemetry.istio.io/Telemetry';
export const WASM_PLUGIN = 'extensions.istio.io/WasmPlugin';
export const TRAFFIC_EXTENSION = 'extensions.istio.io/TrafficExtension';

export const ISTIO_OPERATOR = 'install.istio.io/IstioOperator';
/** Alibaba Cloud Service Mesh's mesh-wide settings object. */
export const ASM_MESH_CONFIG = 'istio.alibabacloud.com/ASMMeshConfig';

export const GATEWAY_CLASS = 'gateway.networking.k8s.io/GatewayClass';
/** The Gateway API's Gateway; Istio's is {@link ISTIO_GATEWAY}. */
export const GATEWAY_API_GATEWAY = 'gateway.networking.k8s.io/Gateway';
export const HTTP_ROUTE = 'gateway.networking.k8s.io/HTTPRoute';
export const GRPC_ROUTE = 'gateway.networking.k8s.io/GRPCRoute';
export const TCP_ROUTE = 'gateway.networking.k8s.io/TCPRoute';
export const TLS_ROUTE = 'gateway.networking.k8s.io/TLSRoute';
export const REFERENCE_GRANT = 'gateway.networking.k8s.io/ReferenceGrant';
export const BACKEND_TLS_POLICY = 'gateway.networking.k8s.io/BackendTLSPolicy';
export const LISTENER_SET = 'gateway.networking.k8s.io/ListenerSet';
export const UDP_ROUTE = 'gateway.networking.k8s.io/UDPRoute';

/** Every kind whose CRD Istio publishes (manifests/charts/base/files/crd-all.gen.yaml). */
export const ISTIO_CRD_KINDS = [
  TRAFFIC_EXTENSION, WASM_PLUGIN, DESTINATION_RULE, ENVOY_FILTER, ISTIO_GATEWAY, PROXY_CONFIG, SERVICE_ENTRY, SIDECAR,
  VIRTUAL_SERVICE, WORKLOAD_ENTRY, WORKLOAD_GROUP, AUTHORIZATION_POLICY, PEER_AUTHENTICATION, REQUEST_AUTHENTICATION, TELEMETRY,
] as const;

/** The Gateway API's standard-channel kinds, all of which Istio implements or reads. */
export const GATEWAY_API_KINDS = [
  BACKEND_TLS_POLICY, GATEWAY_API_GATEWAY, GATEWAY_CLASS, GRPC_ROUTE, HTTP_ROUTE, LISTENER_SET, REFERENCE_GRANT, TCP_ROUTE, TLS_ROUTE, UDP_ROUTE,
] as const;
