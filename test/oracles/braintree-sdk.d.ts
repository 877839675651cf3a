// The official `braintree` SDK ships no type declarations; the differential test only calls a
// handful of its methods and checks what they send.
declare module "braintree";
