// Stands in for `jsonp-retry`, which @tarojs/taro-h5's request imports for `jsonp: true` requests.
// 法治通 never makes JSONP requests (the BFF is same-origin and answers JSON), so none can reach this.
export default function jsonpUnsupported() {
  return Promise.reject(new Error('JSONP is not supported by this build'))
}
